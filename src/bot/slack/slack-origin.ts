import type { Origin } from '../../actions/origin.js';

/** A Slack thread: one conversation with its own memory (DESIGN §7). */
export interface SlackThread {
  channel: string;
  threadTs: string;
}

/** The conversation key for a thread: `slack:<channel>:<thread_ts>`. */
export function conversationIdOf(thread: SlackThread): string {
  return `slack:${thread.channel}:${thread.threadTs}`;
}

/** Where a Slack request came from, so outcomes and cards go back to the same thread. */
export function slackOrigin(thread: SlackThread, extra: { messageTs?: string; via?: Origin['via'] } = {}): Origin {
  return { frontEnd: 'slack', conversationId: conversationIdOf(thread), channel: thread.channel, threadTs: thread.threadTs, ...extra };
}

/** The thread an origin points at, when it is a Slack thread. */
export function threadOf(origin: Origin): SlackThread | undefined {
  return origin.frontEnd === 'slack' && origin.channel && origin.threadTs ? { channel: origin.channel, threadTs: origin.threadTs } : undefined;
}
