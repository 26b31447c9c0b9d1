import { renderChart } from '../../charts/render-chart.js';
import type { KvRepository } from '../../store/kv-repository.js';
import type { OutgoingMessage, PostedMessage, Poster } from '../../workflows/posting.js';
import type { FileUpload } from '../../workflows/postmortem-delivery.js';
import { platformName } from './identities.js';
import { incidentRoomOf } from './incident-rooms.js';
import { formatChannelRef, parseChannelRef, type Platform } from './platforms.js';
import type { ConversationPort } from './port.js';
import { workflowSpans } from './workflow-text.js';

/**
 * The workflows' posting seam (briefings in a room, the postmortem file) on every platform of the
 * process: a conversation is a channel ref (`teams:19:…`, a bare id is Slack) and goes through that platform's port.
 * Slack may keep its own poster for what the port does not do (pins, its chart-in-thread flow).
 */
export class RoomPoster implements Poster {
  private readonly ports = new Map<Platform, ConversationPort>();

  constructor(private readonly deps: { kv: KvRepository; ports?: ConversationPort[]; slack?: Poster; logger?: { warn(message: string): void } }) {
    for (const port of deps.ports ?? []) this.addPort(port);
  }

  /** A platform started beside the others (Teams beside Slack): rooms there are posted to through it. */
  addPort(port: ConversationPort): void {
    this.ports.set(port.platform, port);
  }

  async post(conversation: string, message: OutgoingMessage): Promise<PostedMessage> {
    const { platform, channel } = parseChannelRef(conversation);
    if (platform === 'slack' && this.deps.slack) return this.deps.slack.post(conversation, message);
    const port = this.portOf(platform, conversation);
    // Workflow text carries tool output: literal but for its few marks, with people and times made live.
    const posted = await port.post({ channel }, { text: workflowSpans(message.text) });
    if (message.chart) {
      const chart = renderChart(message.chart.spec);
      await port.upload({ channel: posted.channel, thread: posted.id }, { bytes: chart.png, filename: chart.filename, mimeType: 'image/png', title: message.chart.title });
    }
    return { conversation: formatChannelRef({ platform, channel: posted.channel }), ts: posted.id };
  }

  async update(posted: PostedMessage, message: OutgoingMessage): Promise<void> {
    const { platform, channel } = parseChannelRef(posted.conversation);
    if (platform === 'slack' && this.deps.slack) return this.deps.slack.update(posted, message);
    await this.portOf(platform, posted.conversation).update({ channel, id: posted.ts }, { text: workflowSpans(message.text) });
  }

  /**
   * Pins through the platform's port where it has a pin (Slack, Mattermost, Discord); on Teams, where no bot can pin,
   * the briefing is simply the room's first message. Best effort: a refusal is logged, and the briefing goes on.
   */
  async pin(posted: PostedMessage): Promise<void> {
    const { platform, channel } = parseChannelRef(posted.conversation);
    try {
      if (platform === 'slack' && this.deps.slack) await this.deps.slack.pin?.(posted);
      else await this.ports.get(platform)?.pin?.({ channel, id: posted.ts });
    } catch (error) {
      this.deps.logger?.warn(`pinning the briefing in ${posted.conversation}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async roomOf(incidentId: string): Promise<string | undefined> {
    return (await incidentRoomOf(this.deps.kv, incidentId))?.channel;
  }

  /** The postmortem file (and any other) into a conversation on its own platform. */
  readonly upload: FileUpload = async (place, file) => {
    const { platform, channel } = parseChannelRef(place.channel);
    await this.portOf(platform, place.channel).upload({ channel, ...(place.thread ? { thread: place.thread } : {}) }, file);
  };

  private portOf(platform: Platform, conversation: string): ConversationPort {
    const port = this.ports.get(platform);
    if (!port) throw new Error(`${platformName(platform)} does not run in this process, so nothing can be posted in ${conversation}`);
    return port;
  }
}
