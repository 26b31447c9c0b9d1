import { renderChart } from '../../charts/render-chart.js';
import type { KvRepository } from '../../store/kv-repository.js';
import type { OutgoingMessage, PostedMessage, Poster } from '../../workflows/posting.js';
import type { ChartUploads } from './chart-uploads.js';
import { incidentChannelOf } from './incident-channel.js';
import { slackErrorCode, type SlackClient } from './slack-client.js';

/** Slack's part of the workflows' posting seam: a message in a channel, its chart in the message's thread. */
export class SlackPoster implements Poster {
  constructor(
    private readonly client: SlackClient,
    private readonly kv: KvRepository,
    private readonly charts?: ChartUploads,
  ) {}

  async post(conversation: string, message: OutgoingMessage): Promise<PostedMessage> {
    const posted = await this.client.chat.postMessage({ channel: conversation, text: message.text, unfurl_links: false });
    const where = { conversation: posted.channel ?? conversation, ts: posted.ts ?? '' };
    if (message.chart && this.charts) await this.charts.attach({ channel: where.conversation, threadTs: where.ts }, [{ title: message.chart.spec.title, draw: () => renderChart(message.chart!.spec) }]);
    return where;
  }

  async update(posted: PostedMessage, message: OutgoingMessage): Promise<void> {
    await this.client.chat.update({ channel: posted.conversation, ts: posted.ts, text: message.text });
  }

  async pin(posted: PostedMessage): Promise<void> {
    try {
      await this.client.pins.add({ channel: posted.conversation, timestamp: posted.ts });
    } catch (error) {
      // Pinning is a courtesy: without the pins:write scope the briefing is still there, first in the channel.
      if (slackErrorCode(error) === undefined) throw error;
    }
  }

  async roomOf(incidentId: string): Promise<string | undefined> {
    return (await incidentChannelOf(this.kv, incidentId))?.channel;
  }
}
