import { SendFailure } from '../outbox/card-sender.js';

/** Mattermost's error envelope (every API v4 error): `id` is the stable code, `message` the English text. */
export interface MattermostErrorEnvelope {
  id?: string;
  message?: string;
  detailed_error?: string;
  request_id?: string;
  status_code?: number;
}

/** What a failed call was about, so 403/404 read right: a channel refusing us, or a post that is gone. */
export type CallTarget = 'channel' | 'post' | 'other';

/**
 * Turns a failed API v4 answer into the outbox's `SendFailure`: 429 waits what `Retry-After` or `X-Ratelimit-Reset`
 * (both seconds) ask; 5xx backs off; 401 (a revoked or wrong token) and a channel's 403/404 wait for a person; a
 * post's 404 and any other 4xx are given up. Reasons use the outbox's words where they exist, so a 403 on a
 * channel is `not_in_channel` and the worker may try joining; the envelope's message never carries a token.
 */
export function failureOf(status: number, headers: Headers, envelope: MattermostErrorEnvelope | undefined, target: CallTarget): SendFailure {
  const code = envelope?.id ?? `http_${status}`;
  if (status === 429) return new SendFailure('rate_limited', code, retryAfterMs(headers));
  if (status >= 500) return new SendFailure('transient', code);
  if (status === 401) return new SendFailure('needs_person', 'invalid_auth');
  if (target === 'channel' && status === 403) return new SendFailure('needs_person', 'not_in_channel');
  if (target === 'channel' && status === 404) return new SendFailure('needs_person', 'channel_not_found');
  if (status === 403) return new SendFailure('needs_person', code);
  return new SendFailure('permanent', code);
}

/** The wait a 429 asks for, in milliseconds; a second when it names none. */
export function retryAfterMs(headers: Headers): number {
  for (const name of ['retry-after', 'x-ratelimit-reset']) {
    const seconds = Number(headers.get(name));
    if (headers.get(name) !== null && Number.isFinite(seconds) && seconds >= 0) return Math.max(1000, Math.ceil(seconds * 1000));
  }
  return 1000;
}

/** A call that never got an answer (refused, reset, timed out): the server may be back soon. */
export function networkFailure(error: unknown): SendFailure {
  const name = error instanceof Error ? error.name : '';
  return new SendFailure('transient', name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unreachable');
}
