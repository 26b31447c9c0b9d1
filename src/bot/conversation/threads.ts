import type { Origin } from '../../actions/origin.js';
import { formatChannelRef, parseChannelRef, type Platform, PLATFORMS } from './platforms.js';

/** A thread on some platform: its channel as a channel ref (a bare id is Slack) and its root message. */
export interface ChatThread {
  channel: string;
  threadTs: string;
}

/** The conversation key of a thread: `<platform>:<channel>:<thread>`; Slack's read `slack:C0OPS:1.0` as they always did. */
export function conversationIdOf(thread: ChatThread): string {
  const { platform, channel } = parseChannelRef(thread.channel);
  return `${platform}:${channel}:${thread.threadTs}`;
}

/** Where a request from a thread came from, so outcomes and cards go back there (the platform's own channel id). */
export function chatOrigin(thread: ChatThread, extra: { messageTs?: string; via?: Origin['via'] } = {}): Origin {
  const { platform, channel } = parseChannelRef(thread.channel);
  return { frontEnd: platform, conversationId: conversationIdOf(thread), channel, threadTs: thread.threadTs, ...extra };
}

/** The thread an origin points at, when it came from a chat platform's thread. */
export function threadOf(origin: Origin): ChatThread | undefined {
  if (!(PLATFORMS as readonly string[]).includes(origin.frontEnd) || !origin.channel || !origin.threadTs) return undefined;
  return { channel: formatChannelRef({ platform: origin.frontEnd as Platform, channel: origin.channel }), threadTs: origin.threadTs };
}
