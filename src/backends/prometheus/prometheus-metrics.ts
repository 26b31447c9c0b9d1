import type { PrometheusConfig } from '../../config/monitoring-schema.js';
import type { Service } from '../../config/schema.js';
import { ToolFailure } from '../../errors.js';
import type { MetricName, MetricSeries, MetricSnapshot, MetricsPort, QuerySeries, SeriesRange, ServiceStatus } from '../ports/metrics.js';
import { componentHealth, type Outcome, worstOf } from './component-health.js';
import { MetricQueries, type QueryName, type QueryTarget } from './metric-queries.js';
import { type InstantSample, PrometheusClient, type RangeSeries } from './prometheus-client.js';
import { lineLabels } from './query-lines.js';

/** Where the Prometheus adapter reads from and what it knows of the catalog. */
export interface PrometheusMetricsOptions {
  config: PrometheusConfig;
  /** The bearer token, already read from the environment. */
  token?: string;
  /** Or basic authentication, the password already read from the environment. */
  basicAuth?: { user: string; password: string };
  /** Only names and components are read, so a catalog without the router's aliases and channels does. */
  services: Array<Pick<Service, 'name' | 'components'>>;
  now?: () => Date;
}

const QUERY_OF: Record<MetricName, QueryName> = { requests: 'requests', cpu: 'cpu', latency_p95: 'latencyP95', error_rate: 'errorRate' };
const UNITS: Record<MetricName, string> = { requests: 'req/s', cpu: '%', latency_p95: 'ms', error_rate: '%' };
// Prometheus refuses more than 11,000 points per series; stay well below so a typo'd step is a readable refusal.
const MAX_POINTS = 1441;
// A panel's legend and colours stop telling lines apart well before this; more means the query wants aggregating.
const MAX_QUERY_SERIES = 12;
// Prometheus answers 400 to a query it cannot parse and 422 to one it cannot execute: the query's fault, not the server's.
const QUERY_PROBLEMS = new Set([400, 422]);

/**
 * MetricsPort over Prometheus with the metric contract of backends.metrics (README). Every query of one answer is
 * evaluated at the same instant and sent at once; one that fails makes its figure UNKNOWN (status) or the answer a
 * readable refusal (metrics), never an older figure shown as current.
 */
export class PrometheusMetrics implements MetricsPort {
  private readonly client: PrometheusClient;
  private readonly queries: MetricQueries;
  private readonly now: () => Date;

  constructor(private readonly options: PrometheusMetricsOptions) {
    this.client = new PrometheusClient({ url: options.config.url, token: options.token, basicAuth: options.basicAuth, timeoutMs: options.config.timeoutSeconds * 1000 });
    this.queries = new MetricQueries(options.config);
    this.now = options.now ?? (() => new Date());
  }

  async status(service: string, environment: string): Promise<ServiceStatus> {
    const known = this.service(service);
    const at = this.now();
    const components = await Promise.all(
      known.components.map(async (component) => {
        const target = { service: known.name, environment, component };
        const [up, errorRate, latencyP95, criticalAlerts] = await Promise.all((['up', 'errorRate', 'latencyP95', 'criticalAlerts'] as const).map((name) => this.settle(name, target, at)));
        return componentHealth(component, { up: up!, errorRate: errorRate!, latencyP95: latencyP95!, criticalAlerts: criticalAlerts! }, this.options.config.thresholds);
      }),
    );
    return { service: known.name, environment, overall: worstOf(components.map((entry) => entry.status)), components, version: null, checkedAt: at.toISOString() };
  }

  async snapshot(service: string, environment: string): Promise<MetricSnapshot> {
    const known = this.service(service);
    const at = this.now();
    const target = { service: known.name, environment };
    const [requests, cpu, latency, errors] = await Promise.all((['requests', 'cpu', 'latencyP95', 'errorRate'] as const).map((name) => this.client.query(this.queries.build(name, target), at)));
    // No data is NaN, shown as n/a: a missing figure must not read as zero.
    return { service: known.name, environment, at: at.toISOString(), requestsPerSecond: first(requests!), cpuPercent: first(cpu!), latencyP95Ms: first(latency!), errorRatePercent: first(errors!) };
  }

  async series(service: string, environment: string, metric: MetricName, range: SeriesRange): Promise<MetricSeries> {
    const known = this.service(service);
    const query = QUERY_OF[metric];
    if (!query) throw new ToolFailure(`Unknown metric "${metric}". Known metrics: ${Object.keys(QUERY_OF).join(', ')}.`);
    const result = await this.range(this.queries.build(query, { service: known.name, environment }), range);
    return { service: known.name, environment, metric, unit: UNITS[metric], points: result[0]?.points ?? [] };
  }

  /** A dashboard panel's own PromQL over the range: one series per result series, named by the labels that tell them apart. */
  async query(expression: string, range: SeriesRange): Promise<QuerySeries[]> {
    let result: RangeSeries[];
    try {
      result = await this.range(expression, range);
    } catch (error) {
      const { status, reason } = (error instanceof ToolFailure && error.details) || {};
      if (typeof status !== 'number' || !QUERY_PROBLEMS.has(status)) throw error;
      throw new ToolFailure(`Prometheus cannot run the query \`${expression}\`: ${String(reason)} (HTTP ${status}).`, { status });
    }
    if (result.length > MAX_QUERY_SERIES) {
      throw new ToolFailure(`The query \`${expression}\` gives ${result.length} series; a panel draws at most ${MAX_QUERY_SERIES}. Aggregate it (sum by (...)) or narrow its selector.`);
    }
    const labels = lineLabels(result.map((entry) => entry.labels), expression);
    const { service, environment } = this.options.config.labels;
    const named = result.map((entry, index) => ({
      service: entry.labels[service] ?? '',
      environment: entry.labels[environment] ?? '',
      unit: '',
      label: labels[index]!,
      labels: entry.labels,
      points: entry.points,
    }));
    // In label order, so a line keeps its colour from one answer to the next.
    return named.sort((left, right) => (left.label < right.label ? -1 : left.label > right.label ? 1 : 0));
  }

  /**
   * A range query bounded like every answer (a positive step, never past now, at most MAX_POINTS points), with any
   * offset applied by moving the whole window back and stamping the points forward again. Not by writing PromQL
   * `offset` into the expression: `offset` is a modifier of each selector and subquery (`sum(x) offset 1d` does not
   * parse), so adding it to a user's override or a panel's query would need a PromQL parser and would double an
   * `offset` already there. Evaluating at t − offset is what `offset` on every selector means, so the two agree for
   * the default templates and any override; only `time()` and `@ start()`/`@ end()` would see the earlier clock.
   */
  private async range(expression: string, range: SeriesRange): Promise<RangeSeries[]> {
    if (!(range.stepSeconds > 0)) throw new ToolFailure('The step must be a positive number of seconds.');
    const shift = range.offsetSeconds ?? 0;
    if (!(shift >= 0)) throw new ToolFailure('The offset must be zero or more seconds (into the past).');
    const end = new Date(Math.min(range.to.getTime(), this.now().getTime()));
    if (end < range.from) throw new ToolFailure('The range ends before it starts (or starts in the future).');
    const count = Math.floor((end.getTime() - range.from.getTime()) / (range.stepSeconds * 1000)) + 1;
    if (count > MAX_POINTS) throw new ToolFailure(`That range and step give ${count} points; at most ${MAX_POINTS - 1} are served. Use a larger step.`);
    const back = (time: Date) => new Date(time.getTime() - shift * 1000);
    const result = await this.client.queryRange(expression, { start: back(range.from), end: back(end), stepSeconds: range.stepSeconds });
    // NaN (0/0, no traffic) is no figure at all, not a point to draw.
    return result.map((entry) => ({ labels: entry.labels, points: entry.points.filter(([, value]) => Number.isFinite(value)).map(([at, value]) => [at + shift, value] as [number, number]) }));
  }

  private async settle(name: QueryName, target: QueryTarget, at: Date): Promise<Outcome<InstantSample[]>> {
    try {
      return { ok: true, value: await this.client.query(this.queries.build(name, target), at) };
    } catch (error) {
      if (error instanceof ToolFailure) return { ok: false, reason: `${name}: ${error.message}` };
      throw error;
    }
  }

  private service(name: string): Pick<Service, 'name' | 'components'> {
    const service = this.options.services.find((entry) => entry.name === name.trim().toLowerCase());
    if (!service) throw new ToolFailure(`Unknown service "${name}". Known services: ${this.options.services.map((entry) => entry.name).join(', ')}.`);
    return service;
  }
}

function first(samples: InstantSample[]): number {
  return samples[0]?.value ?? Number.NaN;
}
