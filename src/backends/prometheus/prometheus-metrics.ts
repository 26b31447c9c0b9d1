import type { PrometheusConfig } from '../../config/monitoring-schema.js';
import { ToolFailure } from '../../errors.js';
import type { MetricName, MetricSeries, MetricSnapshot, MetricsPort, QueryExplanation, QuerySeries, SeriesRange, ServiceStatus } from '../ports/metrics.js';
import { componentHealth, type Outcome, worstOf } from './component-health.js';
import { type MetricService, MetricQueries, type PlannedQuery, type QueryName } from './metric-queries.js';
import { type InstantSample, PrometheusClient, type RangeSeries } from './prometheus-client.js';
import { lineLabels } from './query-lines.js';

/** Where the Prometheus adapter reads from and what it knows of the catalog. */
export interface PrometheusMetricsOptions {
  config: PrometheusConfig;
  /** The bearer token, already read from the environment. */
  token?: string;
  /** Or basic authentication, the password already read from the environment. */
  basicAuth?: { user: string; password: string };
  /** Names, components and how each service's series are found; a catalog without the router's aliases and channels does. */
  services: MetricService[];
  now?: () => Date;
}

const QUERY_OF: Record<MetricName, QueryName> = { requests: 'requests', cpu: 'cpu', latency_p95: 'latencyP95', error_rate: 'errorRate' };
const UNITS: Record<MetricName, string> = { requests: 'req/s', cpu: '%', latency_p95: 'ms', error_rate: '%' };
const HEALTH_FIGURES = ['up', 'requests', 'errorRate', 'latencyP95', 'criticalAlerts'] as const;
const SNAPSHOT_FIGURES = ['requests', 'cpu', 'latencyP95', 'errorRate'] as const;
// Prometheus refuses more than 11,000 points per series; stay well below so a typo'd step is a readable refusal.
const MAX_POINTS = 1441;
// A panel's legend and colours stop telling lines apart well before this; more means the query wants aggregating.
const MAX_QUERY_SERIES = 12;
// Prometheus answers 400 to a query it cannot parse and 422 to one it cannot execute: the query's fault, not the server's.
const QUERY_PROBLEMS = new Set([400, 422]);

/**
 * MetricsPort over Prometheus (README "Connect your Prometheus"): each service found by its selector and named by its
 * conventions, each environment read from its own Prometheus where it has one. Every query of one answer is evaluated
 * at the same instant and sent at once; one that fails makes its figure UNKNOWN (status) or the answer a readable
 * refusal (metrics), never an older figure shown as current. Answers carry every query they ran (`explain`).
 */
export class PrometheusMetrics implements MetricsPort {
  private readonly clients = new Map<string, PrometheusClient>();
  private readonly queries: MetricQueries;
  private readonly now: () => Date;

  constructor(private readonly options: PrometheusMetricsOptions) {
    this.queries = new MetricQueries(options.config);
    this.now = options.now ?? (() => new Date());
  }

  async status(service: string, environment: string): Promise<ServiceStatus> {
    const known = this.service(service);
    const at = this.now();
    const explained: QueryExplanation[] = [];
    const components = await Promise.all(
      this.queries.components(known).map(async (component) => {
        const target = { service: known.name, environment, component };
        const planned = HEALTH_FIGURES.map((name) => this.queries.plan(name, known, target));
        const outcomes = await Promise.all(planned.map((query) => this.settle(query, at)));
        planned.forEach((query, index) => explained.push(explanation(query, outcomes[index]!, component)));
        const [up, requests, errorRate, latencyP95, criticalAlerts] = outcomes;
        const lookup = { selector: planned[0]!.selector, upQuery: planned[0]!.query, requestsQuery: planned[1]!.query, window: this.options.config.window };
        return componentHealth(component, { up: up!, requests: requests!, errorRate: errorRate!, latencyP95: latencyP95!, criticalAlerts: criticalAlerts! }, this.options.config.thresholds, lookup);
      }),
    );
    return { service: known.name, environment, overall: worstOf(components.map((entry) => entry.status)), components, version: null, checkedAt: at.toISOString(), queries: explained };
  }

  async snapshot(service: string, environment: string): Promise<MetricSnapshot> {
    const known = this.service(service);
    const at = this.now();
    const target = { service: known.name, environment };
    const planned = SNAPSHOT_FIGURES.map((name) => this.queries.plan(name, known, target));
    const [requests, cpu, latency, errors] = await Promise.all(planned.map((query) => this.client(query.url).query(query.query, at)));
    const queries = planned.map((query, index) => explanation(query, { ok: true, value: [requests, cpu, latency, errors][index]! }));
    // No data is NaN, shown as n/a: a missing figure must not read as zero. Without requests, the n/a says so.
    const idle = !(first(requests!) > 0);
    const idleNote = `no requests in the last ${this.options.config.window}`;
    const notes: MetricSnapshot['notes'] = {};
    if (!Number.isFinite(first(requests!))) notes.requests = `nothing matches ${planned[0]!.selector}`;
    if (!Number.isFinite(first(errors!))) notes.error_rate = idle ? idleNote : 'no series';
    if (!Number.isFinite(first(latency!))) notes.latency_p95 = idle ? idleNote : 'no latency histogram';
    if (!Number.isFinite(first(cpu!))) notes.cpu = 'no CPU series';
    return {
      service: known.name,
      environment,
      at: at.toISOString(),
      requestsPerSecond: first(requests!),
      cpuPercent: first(cpu!),
      latencyP95Ms: first(latency!),
      errorRatePercent: first(errors!),
      notes,
      queries,
    };
  }

  async series(service: string, environment: string, metric: MetricName, range: SeriesRange): Promise<MetricSeries> {
    const known = this.service(service);
    const name = QUERY_OF[metric];
    if (!name) throw new ToolFailure(`Unknown metric "${metric}". Known metrics: ${Object.keys(QUERY_OF).join(', ')}.`);
    const planned = this.queries.plan(name, known, { service: known.name, environment });
    const result = await this.range(planned.query, range, planned.url);
    return { service: known.name, environment, metric, unit: UNITS[metric], points: result[0]?.points ?? [] };
  }

  /** A dashboard panel's own PromQL over the range: one series per result series, named by the labels that tell them apart. */
  async query(expression: string, range: SeriesRange): Promise<QuerySeries[]> {
    let result: RangeSeries[];
    try {
      result = await this.range(expression, range, this.defaultUrl());
    } catch (error) {
      const { status, reason } = (error instanceof ToolFailure && error.details) || {};
      if (typeof status !== 'number' || !QUERY_PROBLEMS.has(status)) throw error;
      throw new ToolFailure(`Prometheus cannot run the query \`${expression}\`: ${String(reason)} (HTTP ${status}).`, { status });
    }
    if (result.length > MAX_QUERY_SERIES) {
      throw new ToolFailure(`The query \`${expression}\` gives ${result.length} series; a panel draws at most ${MAX_QUERY_SERIES}. Aggregate it (sum by (...)) or narrow its selector.`);
    }
    const labels = lineLabels(result.map((entry) => entry.labels), expression);
    const { service = 'service', environment = 'environment' } = this.options.config.labels;
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
  private async range(expression: string, range: SeriesRange, url: string): Promise<RangeSeries[]> {
    if (!(range.stepSeconds > 0)) throw new ToolFailure('The step must be a positive number of seconds.');
    const shift = range.offsetSeconds ?? 0;
    if (!(shift >= 0)) throw new ToolFailure('The offset must be zero or more seconds (into the past).');
    const end = new Date(Math.min(range.to.getTime(), this.now().getTime()));
    if (end < range.from) throw new ToolFailure('The range ends before it starts (or starts in the future).');
    const count = Math.floor((end.getTime() - range.from.getTime()) / (range.stepSeconds * 1000)) + 1;
    if (count > MAX_POINTS) throw new ToolFailure(`That range and step give ${count} points; at most ${MAX_POINTS - 1} are served. Use a larger step.`);
    const back = (time: Date) => new Date(time.getTime() - shift * 1000);
    const result = await this.client(url).queryRange(expression, { start: back(range.from), end: back(end), stepSeconds: range.stepSeconds });
    // NaN (0/0, no traffic) is no figure at all, not a point to draw.
    return result.map((entry) => ({ labels: entry.labels, points: entry.points.filter(([, value]) => Number.isFinite(value)).map(([at, value]) => [at + shift, value] as [number, number]) }));
  }

  private async settle(query: PlannedQuery, at: Date): Promise<Outcome<InstantSample[]>> {
    try {
      return { ok: true, value: await this.client(query.url).query(query.query, at) };
    } catch (error) {
      if (error instanceof ToolFailure) return { ok: false, reason: `${query.figure}: ${error.message}` };
      throw error;
    }
  }

  /** One client per Prometheus, made when first asked for. */
  private client(url: string): PrometheusClient {
    let client = this.clients.get(url);
    if (!client) {
      client = new PrometheusClient({ url, token: this.options.token, basicAuth: this.options.basicAuth, timeoutMs: this.options.config.timeoutSeconds * 1000 });
      this.clients.set(url, client);
    }
    return client;
  }

  /** A raw query (a dashboard panel) goes to the backend's Prometheus, or the first environment's when only those are set. */
  private defaultUrl(): string {
    const { url, environments } = this.options.config;
    const fallback = url ?? Object.values(environments).find((entry) => entry.url)?.url;
    if (!fallback) throw new ToolFailure('No Prometheus URL is configured (backends.metrics.url).');
    return fallback;
  }

  private service(name: string): MetricService {
    const service = this.options.services.find((entry) => entry.name === name.trim().toLowerCase());
    if (!service) throw new ToolFailure(`Unknown service "${name}". Known services: ${this.options.services.map((entry) => entry.name).join(', ')}.`);
    return service;
  }
}

function explanation(query: PlannedQuery, outcome: Outcome<InstantSample[]>, component?: string): QueryExplanation {
  return { figure: query.figure, ...(component ? { component } : {}), query: query.query, source: query.url, series: outcome.ok ? outcome.value.length : null };
}

function first(samples: InstantSample[]): number {
  return samples[0]?.value ?? Number.NaN;
}
