import type { App } from '@slack/bolt';
import type { BackgroundWork } from './background-work.js';
import type { Conversations, IncomingMessage } from './conversations.js';

// Edits, joins, deletions and the like are not someone talking to opsbot.
const SPOKEN_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * Mentions in channels (app_mention), direct messages (message.im) and replies in threads opsbot takes part in
 * (message.channels / message.groups). Translate and route only; the ack has already gone out (Events API).
 * Messages from bots are ignored: opsbot's own (which Bolt's ignoreSelf also drops) and others', so two bots
 * can never talk each other into a loop, and an identity is always a person's user id.
 */
export function registerMessageListeners(app: App, conversations: Conversations, work: BackgroundWork): void {
  const route = (message: IncomingMessage) => work.queue(`${message.kind} ${message.channel}/${message.ts}`, () => conversations.handleMessage(message));

  app.event('app_mention', async ({ event }) => {
    if (!event.user || event.bot_id || !SPOKEN_SUBTYPES.has(event.subtype)) return;
    route({ kind: 'mention', actor: event.user, text: event.text, channel: event.channel, ts: event.ts, threadTs: event.thread_ts });
  });

  app.event('message', async ({ event }) => {
    if (!SPOKEN_SUBTYPES.has(event.subtype) || !('user' in event) || typeof event.user !== 'string') return;
    if (('bot_id' in event && event.bot_id) || !('channel_type' in event)) return;
    const text = 'text' in event && typeof event.text === 'string' ? event.text : '';
    const threadTs = 'thread_ts' in event && typeof event.thread_ts === 'string' ? event.thread_ts : undefined;
    if (event.channel_type === 'im') {
      route({ kind: 'direct', actor: event.user, text, channel: event.channel, ts: event.ts, threadTs });
    } else if (threadTs && threadTs !== event.ts) {
      route({ kind: 'reply', actor: event.user, text, channel: event.channel, ts: event.ts, threadTs });
    }
  });
}
