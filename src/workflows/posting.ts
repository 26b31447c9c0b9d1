import type { ChartSpec } from '../charts/chart-spec.js';

/** What opsbot posts on its own: text (Slack mrkdwn-compatible plain text) and, where one helps, a chart. */
export interface OutgoingMessage {
  text: string;
  chart?: { spec: ChartSpec; title: string };
}

/** Where a posted message is, so it can be updated in place. */
export interface PostedMessage {
  conversation: string;
  ts: string;
}

/**
 * The front end's part of posting on opsbot's own (DESIGN §10): workflows build what to post (the builders beside
 * them) and hand it here, so routing every post through a store-backed outbox changes only this seam.
 */
export interface Poster {
  post(conversation: string, message: OutgoingMessage): Promise<PostedMessage>;
  update(posted: PostedMessage, message: OutgoingMessage): Promise<void>;
  /** Pins a message in its conversation (the incident briefing); best effort. */
  pin?(posted: PostedMessage): Promise<void>;
  /** The conversation of an incident's room, when opsbot opened one. */
  roomOf(incidentId: string): Promise<string | undefined>;
}
