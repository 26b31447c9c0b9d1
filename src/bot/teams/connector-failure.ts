import { SendFailure } from '../outbox/card-sender.js';

/** The Bot Connector's error envelope (Bot Framework REST API reference: ErrorResponse). */
interface ErrorResponse {
  error?: { code?: string; message?: string };
}

/**
 * A refused Bot Connector call as a `SendFailure`, so the outbox retries Teams like every platform: 429 waits
 * what `Retry-After` asks; 401/403 (app not installed where it posts, a bad or revoked secret) and 404 (no such
 * conversation, or the bot was removed from it) need a person; 5xx backs off; the rest (a card Teams rejects,
 * a message past its size limit) is given up.
 */
export async function connectorFailure(response: Response): Promise<SendFailure> {
  const envelope = (await response.json().catch(() => ({}))) as ErrorResponse;
  const code = envelope.error?.code ?? `HTTP ${response.status}`;
  // The code names the failure; the message may echo request content, so it stays out of the reason.
  const reason = `Teams ${response.status} ${code}`;
  if (response.status === 429) return new SendFailure('rate_limited', reason, retryAfterMs(response.headers.get('retry-after')));
  if (response.status === 401 || response.status === 403 || response.status === 404) return new SendFailure('needs_person', reason);
  if (response.status >= 500 || response.status === 408) return new SendFailure('transient', reason);
  return new SendFailure('permanent', reason);
}

/** A network failure (refused, reset, timed out) before the Bot Connector answered. */
export function unreachable(error: unknown): SendFailure {
  return new SendFailure('transient', `Bot Connector unreachable (${(error as Error).name ?? 'error'})`);
}

/** `Retry-After` in seconds or as an HTTP date; a second when absent or unreadable. */
function retryAfterMs(header: string | null): number {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(1000, Math.ceil(seconds * 1000));
  const at = Date.parse(header);
  return Number.isNaN(at) ? 1000 : Math.max(1000, at - Date.now());
}
