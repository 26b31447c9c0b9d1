import { ToolFailure } from '../../errors.js';
import { authorizationOf, type HttpCredentials } from '../../util/authorization.js';
import { redactText, redactUrlUserinfo } from '../../util/redact.js';
import { operationOf, timeBackendCall } from '../../observability/metrics.js';

/** A matcher as Alertmanager's API v2 writes it. */
export interface WireMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual?: boolean;
}

/** `gettableAlert` of API v2. */
export interface WireAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
  status: { state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[]; inhibitedBy: string[] };
}

/** `gettableSilence` of API v2. */
export interface WireSilence {
  id: string;
  status: { state: 'active' | 'pending' | 'expired' };
  matchers: WireMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** Alertmanager's HTTP API v2 (`/api/v2/alerts`, `/api/v2/silences`), each request bounded by a timeout. */
export class AlertmanagerClient {
  private readonly base: string;
  /** The base URL as messages show it: never with credentials. */
  private readonly shown: string;

  constructor(private readonly options: HttpCredentials & { url: string; timeoutMs: number }) {
    authorizationOf(options);
    this.base = options.url.replace(/\/+$/, '');
    this.shown = redactUrlUserinfo(this.base);
  }

  alerts(query: { silenced: boolean; inhibited: boolean; filter?: string[] }): Promise<WireAlert[]> {
    const parameters = new URLSearchParams({ active: 'true', silenced: String(query.silenced), inhibited: String(query.inhibited) });
    for (const matcher of query.filter ?? []) parameters.append('filter', matcher);
    return this.request<WireAlert[]>('GET', `/api/v2/alerts?${parameters}`);
  }

  /** The server's version (`/api/v2/status`), for `opsbot doctor`. */
  async version(): Promise<string> {
    const status = await this.request<{ versionInfo?: { version?: string } }>('GET', '/api/v2/status');
    return status.versionInfo?.version ?? 'unknown';
  }

  silences(filter: string[] = []): Promise<WireSilence[]> {
    const parameters = new URLSearchParams();
    for (const matcher of filter) parameters.append('filter', matcher);
    return this.request<WireSilence[]>('GET', `/api/v2/silences${filter.length ? `?${parameters}` : ''}`);
  }

  async createSilence(silence: { matchers: WireMatcher[]; startsAt: string; endsAt: string; createdBy: string; comment: string }): Promise<string> {
    const created = await this.request<{ silenceID: string }>('POST', '/api/v2/silences', silence);
    return created.silenceID;
  }

  /** Silence by id; null when Alertmanager does not know it. */
  async silence(id: string): Promise<WireSilence | null> {
    try {
      return await this.request<WireSilence>('GET', `/api/v2/silence/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error instanceof ToolFailure && error.details?.status === 404) return null;
      throw error;
    }
  }

  async expireSilence(id: string): Promise<void> {
    await this.request<unknown>('DELETE', `/api/v2/silence/${encodeURIComponent(id)}`);
  }

  /** Every call is timed and counted per operation (method and the path's first resource: GET alerts, POST silences). */
  private request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return timeBackendCall('alertmanager', `${method} ${operationOf(path)}`, () => this.requestUntimed<T>(method, path, body));
  }

  private async requestUntimed<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const authorization = authorizationOf(this.options);
    if (authorization) headers.authorization = authorization;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.options.timeoutMs) });
      text = await response.text();
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new ToolFailure(`Alertmanager at ${this.shown} did not answer within ${this.options.timeoutMs / 1000} s`);
      const cause = error instanceof Error && error.cause instanceof Error ? ((error.cause as NodeJS.ErrnoException).code ?? error.cause.message) : String(error);
      throw new ToolFailure(redactText(`Alertmanager at ${this.shown} is unreachable (${cause})`));
    }
    if (!response.ok) {
      // API v2 errors are a JSON string, or a swagger validation object with `message`.
      let reason = text.trim();
      try {
        const parsed = JSON.parse(text) as unknown;
        reason = typeof parsed === 'string' ? parsed : ((parsed as { message?: string }).message ?? reason);
      } catch {
        // plain text
      }
      throw new ToolFailure(redactText(`Alertmanager refused ${method} ${path.split('?')[0]} (HTTP ${response.status}: ${reason.slice(0, 200)})`), { status: response.status });
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
