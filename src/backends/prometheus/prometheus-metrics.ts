import type { PrometheusConfig } from '../../config/monitoring-schema.js';
import type { Service } from '../../config/schema.js';
import { ToolFailure } from '../../errors.js';
import type { MetricName, MetricSeries, MetricSnapshot, MetricsPort, ServiceStatus } from '../ports/metrics.js';
import { componentHealth, type Outcome, worstOf } from './component-health.js';
import { MetricQueries, type QueryName, type QueryTarget } from './metric-queries.js';
import { type InstantSample, PrometheusClient } from './prometheus-client.js';

/** Where the Prometheus adapter reads from and what it knows of the catalog. */
export interface PrometheusMetricsOptions {
  config: PrometheusConfig;
  /** The bearer token, already read from the environment. */
  token?: string;
  services: Service[];
  now?: () => Date;
}

const QUERY_OF: Record<MetricName, QueryName> = { requests: 'requests', cpu: 'cpu', latency_p95: 'latencyP95', error_rate: 'errorRate' };
const UNITS: Record<MetricName, string> = { requests: 'req/s', cpu: '%', latency_p95: 'ms', error_rate: '%' };
// Prometheus refuses more than 11,000 points per series; stay well below so a typo'd step is a readable refusal.
const MAX_POINTS = 1441;

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
    this.client = new PrometheusClient({ url: options.config.url, token: options.token, timeoutMs: options.config.timeoutSeconds * 1000 });
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

  async series(service: string, environment: string, metric: MetricName, range: { from: Date; to: Date; stepSeconds: number }): Promise<MetricSeries> {
    const known = this.service(service);
    const query = QUERY_OF[metric];
    if (!query) throw new ToolFailure(`Unknown metric "${metric}". Known metrics: ${Object.keys(QUERY_OF).join(', ')}.`);
    if (!(range.stepSeconds > 0)) throw new ToolFailure('The step must be a positive number of seconds.');
    const end = new Date(Math.min(range.to.getTime(), this.now().getTime()));
    if (end < range.from) throw new ToolFailure('The range ends before it starts (or starts in the future).');
    const count = Math.floor((end.getTime() - range.from.getTime()) / (range.stepSeconds * 1000)) + 1;
    if (count > MAX_POINTS) throw new ToolFailure(`That range and step give ${count} points; at most ${MAX_POINTS - 1} are served. Use a larger step.`);
    const result = await this.client.queryRange(this.queries.build(query, { service: known.name, environment }), { start: range.from, end, stepSeconds: range.stepSeconds });
    const points = (result[0]?.points ?? []).filter(([, value]) => Number.isFinite(value));
    return { service: known.name, environment, metric, unit: UNITS[metric], points };
  }

  private async settle(name: QueryName, target: QueryTarget, at: Date): Promise<Outcome<InstantSample[]>> {
    try {
      return { ok: true, value: await this.client.query(this.queries.build(name, target), at) };
    } catch (error) {
      if (error instanceof ToolFailure) return { ok: false, reason: `${name}: ${error.message}` };
      throw error;
    }
  }

  private service(name: string): Service {
    const service = this.options.services.find((entry) => entry.name === name.trim().toLowerCase());
    if (!service) throw new ToolFailure(`Unknown service "${name}". Known services: ${this.options.services.map((entry) => entry.name).join(', ')}.`);
    return service;
  }
}

function first(samples: InstantSample[]): number {
  return samples[0]?.value ?? Number.NaN;
}
