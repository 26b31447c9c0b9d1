import { ToolFailure } from '../../errors.js';
import { authorizationOf, type HttpCredentials } from '../../util/authorization.js';
import { redactText, redactUrlUserinfo } from '../../util/redact.js';
import { operationOf, timeBackendCall } from '../../observability/metrics.js';

/** One sample of an instant vector: the series labels and its value at the evaluation time. */
export interface InstantSample {
  labels: Record<string, string>;
  value: number;
}

/** One series of a range query: labels and [unix seconds, value] points. */
export interface RangeSeries {
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

/** Where and how to reach Prometheus. */
export interface PrometheusClientOptions extends HttpCredentials {
  url: string;
  timeoutMs: number;
}

/** Prometheus could not give an answer (unreachable, slow, or it refused the query): readable, so it becomes UNKNOWN or a tool result. */
export class PrometheusUnavailable extends ToolFailure {}

interface ApiEnvelope {
  status: 'success' | 'error';
  data?: { resultType: string; result: unknown };
  errorType?: string;
  error?: string;
}

/** The HTTP API of Prometheus (`/api/v1/query`, `/api/v1/query_range`), every request bounded by a timeout. */
export class PrometheusClient {
  private readonly base: string;
  /** The base URL as messages show it: never with credentials. */
  private readonly shown: string;

  constructor(private readonly options: PrometheusClientOptions) {
    authorizationOf(options);
    this.base = options.url.replace(/\/+$/, '');
    this.shown = redactUrlUserinfo(this.base);
  }

  /** An instant query evaluated at `time`. */
  async query(expression: string, time: Date): Promise<InstantSample[]> {
    const data = await this.request('/api/v1/query', { query: expression, time: seconds(time) });
    if (data.resultType === 'scalar') {
      const [, value] = data.result as [number, string];
      return [{ labels: {}, value: Number(value) }];
    }
    if (data.resultType !== 'vector') throw new PrometheusUnavailable(`Prometheus answered a ${data.resultType} where an instant vector was expected, for ${expression}`);
    return (data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((sample) => ({ labels: sample.metric, value: Number(sample.value[1]) }));
  }

  /** A range query from `start` to `end` every `stepSeconds`. */
  async queryRange(expression: string, range: { start: Date; end: Date; stepSeconds: number }): Promise<RangeSeries[]> {
    const data = await this.request('/api/v1/query_range', { query: expression, start: seconds(range.start), end: seconds(range.end), step: String(range.stepSeconds) });
    if (data.resultType !== 'matrix') throw new PrometheusUnavailable(`Prometheus answered a ${data.resultType} where a range was expected, for ${expression}`);
    return (data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>).map((series) => ({
      labels: series.metric,
      points: series.values.map(([at, value]) => [at, Number(value)] as [number, number]),
    }));
  }

  /** The server's version (`/api/v1/status/buildinfo`): what `opsbot doctor` reports first. */
  async version(): Promise<string> {
    const data = (await this.request('/api/v1/status/buildinfo', {}, 'GET')) as unknown as { version?: string };
    return data.version ?? 'unknown';
  }

  /** Label names (`/api/v1/labels`), or those of the series `match` selects. */
  async labelNames(match?: string): Promise<string[]> {
    return (await this.request('/api/v1/labels', match ? { 'match[]': match } : {})) as unknown as string[];
  }

  /** The values one label takes (`/api/v1/label/NAME/values`). */
  async labelValues(label: string): Promise<string[]> {
    return (await this.request(`/api/v1/label/${encodeURIComponent(label)}/values`, {}, 'GET')) as unknown as string[];
  }

  /** The label sets of the series a selector finds (`/api/v1/series`), at most `limit`. */
  async series(match: string, limit = 200): Promise<Array<Record<string, string>>> {
    return (await this.request('/api/v1/series', { 'match[]': match, limit: String(limit) })) as unknown as Array<Record<string, string>>;
  }

  /** Every call is timed and counted per operation (the last path segment: query, query_range, …). */
  private request(path: string, parameters: Record<string, string>, method: 'GET' | 'POST' = 'POST'): Promise<{ resultType: string; result: unknown }> {
    return timeBackendCall('prometheus', operationOf(path), () => this.requestUntimed(path, parameters, method));
  }

  private async requestUntimed(path: string, parameters: Record<string, string>, method: 'GET' | 'POST'): Promise<{ resultType: string; result: unknown }> {
    const timeoutSeconds = this.options.timeoutMs / 1000;
    // Prometheus stops evaluating at its own timeout too, so a slow query does not keep working for nobody.
    const body = new URLSearchParams({ ...parameters, ...(method === 'POST' ? { timeout: `${timeoutSeconds}s` } : {}) });
    const headers: Record<string, string> = { accept: 'application/json', ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) };
    const authorization = authorizationOf(this.options);
    if (authorization) headers.authorization = authorization;
    let response: Response;
    let text: string;
    try {
      const url = method === 'GET' && body.size ? `${this.base}${path}?${body}` : `${this.base}${path}`;
      response = await fetch(url, { method, headers, ...(method === 'POST' ? { body } : {}), signal: AbortSignal.timeout(this.options.timeoutMs) });
      text = await response.text();
    } catch (error) {
      throw new PrometheusUnavailable(this.describeFailure(error, timeoutSeconds));
    }
    let envelope: ApiEnvelope | undefined;
    try {
      envelope = JSON.parse(text) as ApiEnvelope;
    } catch {
      envelope = undefined;
    }
    if (!response.ok || envelope?.status !== 'success' || !envelope.data) {
      const reason = redactText(envelope?.error ? `${envelope.errorType ?? 'error'}: ${envelope.error}` : text.slice(0, 200).trim() || response.statusText);
      throw new PrometheusUnavailable(`Prometheus refused the query (HTTP ${response.status}, ${reason})`, { status: response.status, errorType: envelope?.errorType, reason });
    }
    return envelope.data;
  }

  private describeFailure(error: unknown, timeoutSeconds: number): string {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') return `Prometheus at ${this.shown} did not answer within ${timeoutSeconds} s`;
    const cause = error instanceof Error && error.cause instanceof Error ? ((error.cause as NodeJS.ErrnoException).code ?? error.cause.message) : error instanceof Error ? error.message : String(error);
    return redactText(`Prometheus at ${this.shown} is unreachable (${cause})`);
  }
}

function seconds(time: Date): string {
  return (time.getTime() / 1000).toFixed(3);
}
