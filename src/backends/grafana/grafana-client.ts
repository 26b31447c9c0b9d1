import { ToolFailure } from '../../errors.js';
import { redactText, registerSecret } from '../../util/redact.js';

/** Where and how to reach Grafana. */
export interface GrafanaClientOptions {
  url: string;
  token: string;
  /** Bound on every API call (search, dashboard JSON). */
  timeoutMs: number;
  /** Bound on a render, which takes a headless browser seconds. */
  renderTimeoutMs: number;
}

/** Grafana could not answer (unreachable, slow, or it said no): readable, so it becomes the tool's answer. */
export class GrafanaUnavailable extends ToolFailure {}

/** One hit of `GET /api/search`. */
export interface GrafanaSearchHit {
  uid: string;
  title: string;
  url: string;
  type: string;
  folderTitle?: string;
}

/** What `/render` gave: the PNG, or the HTTP status it refused with. */
export type GrafanaRenderAnswer = { png: Buffer } | { status: number; message: string };

/** Grafana's HTTP API with a service account token: search, dashboard JSON, and the image renderer. */
export class GrafanaClient {
  readonly base: string;

  constructor(private readonly options: GrafanaClientOptions) {
    registerSecret(options.token);
    this.base = options.url.replace(/\/+$/, '');
  }

  /** Dashboards whose title matches `query` (Grafana's own substring search), at most `limit`. */
  async search(query: string, limit = 100): Promise<GrafanaSearchHit[]> {
    const parameters = new URLSearchParams({ type: 'dash-db', limit: String(limit), ...(query ? { query } : {}) });
    return (await this.json(`/api/search?${parameters}`)) as GrafanaSearchHit[];
  }

  /** The dashboard model and meta by uid; null when Grafana says it does not exist (404). */
  async dashboard(uid: string): Promise<{ dashboard: Record<string, unknown>; meta: Record<string, unknown> } | null> {
    const answer = await this.json(`/api/dashboards/uid/${encodeURIComponent(uid)}`, { notFound: null });
    return answer as { dashboard: Record<string, unknown>; meta: Record<string, unknown> } | null;
  }

  /** A PNG from the image renderer at `path` (`/render/d/…`, `/render/d-solo/…`); a refusal is returned, not thrown. */
  async render(path: string, parameters: URLSearchParams): Promise<GrafanaRenderAnswer> {
    const response = await this.fetch(`${path}?${parameters}`, this.options.renderTimeoutMs, 'image/png');
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status === 401 || response.status === 403) throw this.refusal(response.status, body.toString('utf8'));
    if (!response.ok) return { status: response.status, message: messageOf(body.toString('utf8')) || response.statusText };
    return { png: body };
  }

  private async json(path: string, options: { notFound?: null } = {}): Promise<unknown> {
    const response = await this.fetch(path, this.options.timeoutMs, 'application/json');
    const text = await response.text().catch(() => '');
    if (response.status === 404 && 'notFound' in options) return options.notFound;
    if (!response.ok) throw this.refusal(response.status, text);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new GrafanaUnavailable(`Grafana at ${this.base} answered ${path.split('?')[0]} with something that is not JSON`);
    }
  }

  private async fetch(path: string, timeoutMs: number, accept: string): Promise<Response> {
    try {
      return await fetch(`${this.base}${path}`, { headers: { authorization: `Bearer ${this.options.token}`, accept }, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new GrafanaUnavailable(`Grafana at ${this.base} did not answer within ${timeoutMs / 1000} s`);
      const cause = error instanceof Error && error.cause instanceof Error ? ((error.cause as NodeJS.ErrnoException).code ?? error.cause.message) : String(error);
      throw new GrafanaUnavailable(redactText(`Grafana at ${this.base} is unreachable (${cause})`));
    }
  }

  // Grafana's error envelope is `{ "message": "…" }` (401 "Unauthorized", 404 "Dashboard not found").
  private refusal(status: number, body: string): GrafanaUnavailable {
    const message = messageOf(body);
    const hint = status === 401 ? ': check the service account token' : status === 403 ? ': the token may not read this' : '';
    return new GrafanaUnavailable(redactText(`Grafana refused (HTTP ${status}${message ? `, ${message}` : ''})${hint}`), { status });
  }
}

function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : '';
  } catch {
    return body.slice(0, 120).trim();
  }
}
