import type { App } from '@slack/bolt';
import type { Config } from '../../config/schema.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { KvRepository } from '../../store/kv-repository.js';
import { incidentRoomOf } from '../../store/incident-rooms.js';
import type { BackgroundWork } from './background-work.js';
import type { SlackClient } from './slack-client.js';
import { slackOrigin } from './slack-origin.js';

/** What the note reaction needs. */
export interface ReactionNotesDependencies {
  client: SlackClient;
  gateway: Gateway;
  kv: KvRepository;
  config: Pick<Config, 'incidents'>;
}

/**
 * `incidents.noteEmoji` (🗒 `memo` by default) on a message in an incident's channel adds that message to the
 * incident's timeline: an `incident_note` call through the gateway as the person who reacted, so policy decides and
 * the audit log keeps it. The message text is read back from Slack (the event carries only its place).
 */
export function registerReactionNotes(app: App, deps: ReactionNotesDependencies, work: BackgroundWork): void {
  app.event('reaction_added', async ({ event }) => {
    if (event.reaction !== deps.config.incidents.noteEmoji || event.item.type !== 'message') return;
    const { channel, ts } = event.item;
    work.track(`note reaction ${channel}/${ts}`, noteFromReaction(deps, event.user, channel, ts));
  });
}

/** Adds the reacted-to message to the timeline of the incident whose channel it is in; nothing elsewhere. */
export async function noteFromReaction(deps: ReactionNotesDependencies, user: string, channel: string, ts: string): Promise<void> {
  const room = await incidentRoomOf(deps.kv, channel);
  if (!room) return;
  const text = await messageText(deps.client, channel, ts);
  if (!text) return;
  const outcome = await deps.gateway.call({ tool: 'incident_note', args: { id: room.incident, text: text.slice(0, 500) }, actor: user, origin: slackOrigin({ channel, threadTs: ts }) });
  // Said to the reacting person only: a refusal or a failure must not look like a note in everyone's channel.
  const reply = outcome.status === 'ok' ? `Added to the ${room.incident} timeline.` : outcome.text;
  await deps.client.chat.postEphemeral({ channel, user, text: reply });
}

// conversations.history with latest = oldest = ts, inclusive, limit 1 is Slack's documented way to fetch one message.
async function messageText(client: SlackClient, channel: string, ts: string): Promise<string | undefined> {
  const history = await client.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  const message = history.messages?.find((candidate) => candidate.ts === ts);
  return message?.text?.trim() || undefined;
}
