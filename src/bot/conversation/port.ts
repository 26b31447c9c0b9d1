import type { ChatContent } from './card.js';
import type { Platform } from './platforms.js';

/**
 * The conversation port: what every front end needs from a chat platform (DESIGN §7). Slack, Teams, Mattermost
 * and Discord are its adapters; event cards, approval cards, incident rooms, watches and reports use only this,
 * so nothing above the adapters imports a platform module. One contract suite
 * (`test/support/conversation/port-contract.ts`) runs against every adapter.
 *
 * Ids are the platform's own (a Slack channel `C0OPS`, a Teams conversation id `19:…@thread.tacv2`); people
 * inbound are platform user ids, which the front end maps to opsbot identities before the gateway sees them.
 */

/** A place to post: a channel, and the thread (root message, reply chain) when it is a reply. */
export interface ChatPlace {
  channel: string;
  thread?: string;
}

/** A posted message, for later edits and thread replies. */
export interface PostedRef {
  channel: string;
  id: string;
  /** The thread it was posted into, if any; replies to the message itself go to `thread ?? id`. */
  thread?: string;
}

/** A message from a person to opsbot, as the adapter verified and translated it. */
export interface InboundMessage {
  platform: Platform;
  channel: string;
  /** The thread the message is in, or the id of the message when it starts one (replies go there). */
  thread: string;
  messageId: string;
  /** The platform's verified user id: never a display name, never text from the message. */
  author: string;
  /** Plain text, opsbot's own mention removed. */
  text: string;
  /** A direct message (1:1 chat, DM). */
  direct: boolean;
  /** A slash/application command rather than a message: answered by the offline router. */
  command?: boolean;
}

/** A click on a card button, verified by the adapter (the platform signed it). */
export interface InboundClick {
  platform: Platform;
  /** The button's `actionId` and `value` as the card gave them. */
  actionId: string;
  value: string;
  /** The verified platform user id of the clicker. */
  clicker: string;
  /** The message the button was on. */
  message: PostedRef;
}

/** A file opsbot attaches to a thread: a chart (PNG), a log, a postmortem draft. */
export interface ChatFile {
  bytes: Buffer;
  filename: string;
  /** `image/png`, `text/plain`, `text/markdown`. */
  mimeType: string;
  title: string;
}

/** What an inbound HTTP request looked like, for the adapter's check that the platform sent it. */
export interface InboundRequest {
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** The body exactly as received: signatures are over these bytes. */
  rawBody: Buffer;
}

export interface ConversationHandlers {
  /** A message for opsbot (mention, DM, reply in a thread opsbot takes part in, command). */
  message(message: InboundMessage): Promise<void>;
  /** A button click. */
  click(click: InboundClick): Promise<void>;
}

/**
 * One chat platform. Send failures are thrown as `SendFailure` (src/bot/outbox/card-sender.ts) so the outbox
 * retries the same way on every platform: rate limits wait what the platform asked, server errors back off,
 * "not in the channel" and missing permissions wait for a person.
 */
export interface ConversationPort {
  readonly platform: Platform;

  /** Posts a message or card into a channel or thread. */
  post(place: ChatPlace, content: ChatContent): Promise<PostedRef>;
  /** Edits a posted message or card in place (a card's buttons give way to its outcome). */
  update(message: PostedRef, content: ChatContent): Promise<void>;
  /** Tells one person something only they see (ephemeral in a channel where the platform has it, else a DM). */
  tellPrivately(place: ChatPlace, person: string, content: ChatContent): Promise<void>;
  /** Attaches a file to a thread. */
  upload(place: ChatPlace, file: ChatFile): Promise<void>;
  /**
   * Pins a posted message in its channel (an incident's briefing); absent where the platform lets no bot pin
   * (Teams). A refusal (no permission) is thrown as for any call.
   */
  pin?(message: PostedRef): Promise<void>;
  /**
   * Opens a channel (an incident war room) and invites people (platform user ids); returns its id, and the name it
   * got when the platform made it differ (a taken name gets a suffix).
   */
  openChannel(name: string, options: { topic?: string; invite: string[] }): Promise<{ channel: string; url?: string; name?: string }>;
  /** Joins a public channel so posts there work; false when the platform refuses or has no such thing. */
  join(channel: string): Promise<boolean>;
  /** Whether an inbound request really came from the platform (signature, token or JWT). */
  verify(request: InboundRequest): Promise<boolean>;

  /** Starts receiving: inbound messages and clicks go to the handlers. Returns where it listens, if it does. */
  start(handlers: ConversationHandlers): Promise<{ port?: number; address?: string }>;
  stop(): Promise<void>;
}
