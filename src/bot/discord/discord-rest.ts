import { SendFailure } from '../outbox/card-sender.js';
import { RateLimitBuckets } from './rate-limit-buckets.js';
import { sendFailureOf, type DiscordErrorBody } from './discord-errors.js';

/** How the REST client reaches Discord; `sleep` is injectable so tests see the waits it takes. */
export interface DiscordRestOptions {
  /** `https://discord.com/api/v10`, or a loopback peer. */
  apiUrl: string;
  botToken: string;
  /** A 429 asking for at most this long is waited out once in place; a longer one goes back to the outbox. */
  maxInlineWaitMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** One call: JSON body, or multipart form data (uploads); webhook calls carry no bot token (the interaction token is in the path). */
export interface DiscordCall {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  json?: unknown;
  form?: FormData;
  /** Webhook (interaction) endpoints are authorised by the token in their path. */
  webhook?: boolean;
}

/** Discord's REST API v10 over fetch, with its errors classified for the outbox and short rate limits waited out. */
export class DiscordRest {
  private readonly apiUrl: string;
  private readonly maxInlineWaitMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly buckets = new RateLimitBuckets();

  constructor(private readonly options: DiscordRestOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.maxInlineWaitMs = options.maxInlineWaitMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Sends a call and returns its JSON answer (undefined for 204); throws `SendFailure`. */
  async call<T = Record<string, unknown>>(call: DiscordCall): Promise<T> {
    // A bucket Discord said is empty: wait for it when that is short, else leave the send to the outbox.
    const closed = this.buckets.waitMs(call.method, call.path);
    if (closed > this.maxInlineWaitMs) throw new SendFailure('rate_limited', 'discord rate limit bucket empty', closed);
    if (closed > 0) await this.sleep(closed);
    const first = await this.once(call);
    if (first.ok) return first.value as T;
    if (first.failure.kind !== 'rate_limited' || (first.failure.retryAfterMs ?? Infinity) > this.maxInlineWaitMs) throw first.failure;
    // Discord asks clients to wait retry_after and try again; once, so a storm still ends in the outbox's hands.
    await this.sleep(first.failure.retryAfterMs!);
    const second = await this.once(call);
    if (second.ok) return second.value as T;
    throw second.failure;
  }

  private async once(call: DiscordCall): Promise<{ ok: true; value: unknown } | { ok: false; failure: SendFailure }> {
    const headers: Record<string, string> = { 'user-agent': 'DiscordBot (opsbot, 0.1.0)' };
    if (!call.webhook) headers.authorization = `Bot ${this.options.botToken}`;
    let body: string | FormData | undefined;
    if (call.form) body = call.form;
    else if (call.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.json);
    }
    let response: Response;
    try {
      response = await fetch(`${this.apiUrl}${call.path}`, { method: call.method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      // The cause's name only: a fetch error message can quote the URL, and webhook URLs hold a token.
      return { ok: false, failure: new SendFailure('transient', `discord unreachable (${error instanceof Error ? error.name : 'error'})`) };
    }
    this.buckets.observe(call.method, call.path, response.headers);
    const text = await response.text();
    if (response.ok) return { ok: true, value: text ? JSON.parse(text) : undefined };
    return { ok: false, failure: sendFailureOf(response.status, parseEnvelope(text), response.headers.get('retry-after')) };
  }
}

function parseEnvelope(text: string): DiscordErrorBody {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as DiscordErrorBody) : {};
  } catch {
    // A proxy's HTML error page: the status alone classifies it.
    return {};
  }
}

