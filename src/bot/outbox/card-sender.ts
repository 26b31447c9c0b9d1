import type { ConversationPort } from '../conversation/port.js';

/**
 * What the outbox needs of a chat platform: post a card, edit it, upload a file into its thread, join a public channel — the part of the
 * conversation port it uses, so each platform's adapter is its sender. Adapters turn their own errors into a
 * `SendFailure`, so the worker decides retries the same way for all.
 */
export type ChatCardSender = Pick<ConversationPort, 'platform' | 'post' | 'update' | 'upload' | 'join'>;

/**
 * How a send failed, as far as retrying goes: `rate_limited` waits what the platform asked; `transient` (server
 * error, network) backs off; `needs_person` (not in the channel, a missing scope) waits for someone; `permanent`
 * (a malformed card, a deleted message) is given up.
 */
export type SendFailureKind = 'rate_limited' | 'transient' | 'needs_person' | 'permanent';

/** A failed send, classified; `reason` is the platform's own code (`not_in_channel`) or a short description. */
export class SendFailure extends Error {
  constructor(
    readonly kind: SendFailureKind,
    readonly reason: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${kind}: ${reason}`);
    this.name = 'SendFailure';
  }
}

/** Reasons a person must act on (invite the bot, grant a scope, fix the token); the channel ones may be joined. */
export const NEEDS_PERSON = ['not_in_channel', 'channel_not_found', 'is_archived', 'missing_scope', 'invalid_auth'] as const;
export const JOINABLE = ['not_in_channel', 'channel_not_found'];
