import { SendFailure } from '../outbox/card-sender.js';

/** Discord's JSON error envelope (https://discord.com/developers/docs/reference#error-messages). */
export interface DiscordErrorBody {
  code?: number;
  message?: string;
  /** Present on 429s: seconds to wait (a float), and whether the limit is global. */
  retry_after?: number;
  global?: boolean;
}

/** Codes that mean a person must act: the bot lacks access or permission, or the channel is gone. */
const NEEDS_PERSON_CODES = new Set([50001, 50013, 10003, 10004, 50007]);

/**
 * A failed Discord answer as the outbox's `SendFailure`. The reason names Discord's code and message only: the
 * URL (which may hold an interaction token) and the request never reach error text.
 */
export function sendFailureOf(status: number, body: DiscordErrorBody, retryAfterHeader: string | null): SendFailure {
  const reason = body.code !== undefined ? `discord ${body.code}: ${body.message ?? 'error'}` : `discord http ${status}`;
  if (status === 429) return new SendFailure('rate_limited', reason, retryAfterMs(body, retryAfterHeader));
  if (status >= 500) return new SendFailure('transient', reason);
  if (status === 401 || status === 403) return new SendFailure('needs_person', reason);
  if (body.code !== undefined && NEEDS_PERSON_CODES.has(body.code)) return new SendFailure('needs_person', reason);
  return new SendFailure('permanent', reason);
}

/** The wait a 429 asks for: the body's `retry_after` (seconds, a float), else the `Retry-After` header, else a second. */
export function retryAfterMs(body: DiscordErrorBody, retryAfterHeader: string | null): number {
  const seconds = typeof body.retry_after === 'number' ? body.retry_after : Number(retryAfterHeader);
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds * 1000) : 1000;
}

/** Discord's numeric error code of a failure this module made, for the few codes a caller handles itself. */
export function discordCodeOf(error: unknown): number | undefined {
  if (!(error instanceof SendFailure)) return undefined;
  const match = /^discord (\d+):/.exec(error.reason);
  return match ? Number(match[1]) : undefined;
}
