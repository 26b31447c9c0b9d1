import { OpsbotError, ToolFailure } from '../../errors.js';
import { redactText, registerSecret } from '../../util/redact.js';
import { operationOf, timeBackendCall } from '../../observability/metrics.js';

const ACCEPT = 'application/vnd.pagerduty+json;version=2';
const PAGE_SIZE = 100;
// A roster bigger than this is a misconfiguration (or a loop on a server that always says `more`), not a roster.
const MAX_PAGES = 20;

/** How the client reaches PagerDuty and how patient it is. */
export interface PagerDutyClientOptions {
  /** REST API key (the value, not `env:NAME`). */
  token: string;
  apiUrl: string;
  timeoutMs: number;
  /** 429 retries, each after the `ratelimit-reset` the server asked for. */
  rateLimitRetries?: number;
  /** Retries of a 5xx or a network failure, for requests safe to repeat. */
  serverRetries?: number;
  /** Longest wait honoured for one rate-limit reset; a longer one fails now rather than hold a chat answer. */
  maxWaitMs?: number;
  /** Waiting between attempts (tests record it instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
}

/** Query values; a key ending in `[]` repeats once per item, as PagerDuty's array filters expect. */
export type Query = Record<string, string | number | boolean | string[] | undefined>;

/** PagerDuty's error envelope. */
interface ErrorEnvelope {
  error?: { message?: string; code?: number; errors?: string[] };
}

/**
 * PagerDuty could not be reached or would not serve us (network, timeout, 5xx, rate limit past its retries,
 * a rejected key): an outage to the rest of opsbot, so caches take over, never "the answer is no".
 */
export class PagerDutyUnavailable extends OpsbotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('pagerduty_unavailable', message, options);
    this.name = 'PagerDutyUnavailable';
  }
}

/**
 * A small client for the PagerDuty REST API v2 over fetch: the version `Accept` header, `Token token=` auth,
 * `From` on writes, a bounded timeout per attempt, offset pagination, 429 honoured with its reset header and
 * bounded retries, 5xx retried boundedly. 4xx answers become ToolFailure text built from the error envelope.
 */
export class PagerDutyClient {
  private readonly base: string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PagerDutyClientOptions) {
    registerSecret(options.token);
    this.base = options.apiUrl.replace(/\/+$/, '');
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get<T>(path: string, query: Query = {}, doing = `read ${path}`): Promise<T> {
    return this.request<T>('GET', path, { query, doing, idempotent: true });
  }

  /** Every item of a paginated list (`limit`/`offset`/`more`), up to MAX_PAGES pages. */
  async list<T>(path: string, key: string, query: Query = {}, doing = `list ${path}`): Promise<T[]> {
    const items: T[] = [];
    for (let page = 0, offset = 0; page < MAX_PAGES; page++) {
      const body = await this.get<Record<string, unknown> & { more?: boolean; limit?: number }>(path, { ...query, limit: PAGE_SIZE, offset }, doing);
      const batch = Array.isArray(body[key]) ? (body[key] as T[]) : [];
      items.push(...batch);
      if (!body.more || batch.length === 0) return items;
      offset += batch.length;
    }
    throw new PagerDutyUnavailable(`PagerDuty kept paging past ${MAX_PAGES * PAGE_SIZE} results while trying to ${doing}`);
  }

  /** A write acting as the PagerDuty user with this email (`From`). Safe to repeat only when `idempotent`. */
  write<T>(method: 'POST' | 'PUT', path: string, body: unknown, from: string, options: { doing: string; idempotent?: boolean }): Promise<T> {
    return this.request<T>(method, path, { body, from, doing: options.doing, idempotent: options.idempotent ?? method === 'PUT' });
  }

  /** Every call is timed and counted per operation (method and the path's first resource: GET oncalls, POST incidents). */
  private request<T>(method: string, path: string, call: { query?: Query; body?: unknown; from?: string; doing: string; idempotent: boolean }): Promise<T> {
    return timeBackendCall('pagerduty', `${method} ${operationOf(path)}`, () => this.requestUntimed<T>(method, path, call));
  }

  private async requestUntimed<T>(method: string, path: string, call: { query?: Query; body?: unknown; from?: string; doing: string; idempotent: boolean }): Promise<T> {
    const url = `${this.base}${path}${queryString(call.query)}`;
    const headers: Record<string, string> = { Accept: ACCEPT, Authorization: `Token token=${this.options.token}` };
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    if (call.from) headers.From = call.from;
    const rateLimitRetries = this.options.rateLimitRetries ?? 3;
    const serverRetries = call.idempotent ? (this.options.serverRetries ?? 2) : 0;
    let limited = 0;
    let failed = 0;
    for (;;) {
      let response: Response;
      try {
        response = await fetch(url, { method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body), signal: AbortSignal.timeout(this.options.timeoutMs) });
      } catch (error) {
        if (failed++ < serverRetries) {
          await this.sleep(backoffMs(failed));
          continue;
        }
        throw new PagerDutyUnavailable(`PagerDuty is unreachable (could not ${call.doing}: ${this.clean(describeFetchError(error))})`, { cause: error });
      }
      if (response.ok) return (response.status === 204 ? undefined : await response.json()) as T;
      const envelope = await readEnvelope(response);
      if (response.status === 429) {
        const waitMs = resetMs(response.headers);
        if (limited++ < rateLimitRetries && waitMs <= (this.options.maxWaitMs ?? 30_000)) {
          await this.sleep(waitMs);
          continue;
        }
        throw new PagerDutyUnavailable(`PagerDuty rate limit exceeded (could not ${call.doing}; retry in ${Math.ceil(waitMs / 1000)} s)`);
      }
      if (response.status >= 500) {
        if (failed++ < serverRetries) {
          await this.sleep(backoffMs(failed));
          continue;
        }
        throw new PagerDutyUnavailable(`PagerDuty is failing (HTTP ${response.status} while trying to ${call.doing}${this.detail(envelope)})`);
      }
      if (response.status === 401 || response.status === 403) {
        // A revoked or read-only key stops every answer: an outage for the cache, with a message that says what to fix.
        throw new PagerDutyUnavailable(`PagerDuty refused the API key (HTTP ${response.status} while trying to ${call.doing}${this.detail(envelope)}); check PAGERDUTY_TOKEN`);
      }
      throw new ToolFailure(`PagerDuty refused to ${call.doing}${this.detail(envelope)} (HTTP ${response.status}).`, { status: response.status, code: envelope.error?.code });
    }
  }

  /** `: Invalid Input Provided — Incident key has already been used [code 2001]`, secrets scrubbed. */
  private detail(envelope: ErrorEnvelope): string {
    const error = envelope.error;
    if (!error?.message) return '';
    const errors = (error.errors ?? []).filter((item) => typeof item === 'string');
    return this.clean(`: ${error.message}${errors.length ? ` — ${errors.join('; ')}` : ''}${error.code !== undefined ? ` [code ${error.code}]` : ''}`);
  }

  private clean(text: string): string {
    return redactText(text.split(this.options.token).join('[REDACTED]'));
  }
}

function queryString(query: Query | undefined): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) parts.push(`${encodeURIComponent(key).replace('%5B%5D', '[]')}=${encodeURIComponent(String(item))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

async function readEnvelope(response: Response): Promise<ErrorEnvelope> {
  try {
    const body = (await response.json()) as unknown;
    return body && typeof body === 'object' ? (body as ErrorEnvelope) : {};
  } catch {
    return {};
  }
}

/** PagerDuty's `ratelimit-reset` is in seconds; `Retry-After` as a fallback; one second when neither is given. */
function resetMs(headers: Headers): number {
  for (const name of ['ratelimit-reset', 'retry-after']) {
    const seconds = Number(headers.get(name));
    if (headers.get(name) !== null && Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  }
  return 1000;
}

function backoffMs(attempt: number): number {
  return 200 * 2 ** (attempt - 1);
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
