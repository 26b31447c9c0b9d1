// Metrics port: a service's health, its current figures and its series over time (Prometheus, or the demo fleet).
// A port throws ToolFailure for "the backend said no" (readable), anything else for faults (DESIGN §8).

/** One word for how a service or component is doing; UNKNOWN when it could not be read. */
export type Health = 'NORMAL' | 'DEGRADED' | 'DOWN' | 'UNKNOWN';

/** Health of one part of a service (pods, error rate, latency). */
export interface ComponentStatus {
  name: string;
  status: Health;
  detail: string;
}

/** Overall and per-component health of one service in one environment. */
export interface ServiceStatus {
  service: string;
  environment: string;
  overall: Health;
  components: ComponentStatus[];
  version: string | null;
  checkedAt: string;
  /** Every query the answer ran (real backends), for `explain`. */
  queries?: QueryExplanation[];
}

/** One query an answer ran: the figure, the query as sent, where it went, and how many series came back (null: it failed). */
export interface QueryExplanation {
  figure: string;
  component?: string;
  query: string;
  source: string;
  series: number | null;
}

/** The figures a metrics backend is asked for. */
export type MetricName = 'requests' | 'cpu' | 'latency_p95' | 'error_rate';

/** A metric over time; `points` are [unix seconds, value]. */
export interface MetricSeries {
  service: string;
  environment: string;
  metric: MetricName;
  unit: string;
  points: Array<[number, number]>;
}

/** One series of a raw query's answer (`MetricsPort.query`): no contract metric, so it is named by its labels. */
export interface QuerySeries extends Omit<MetricSeries, 'metric'> {
  /** What a chart calls its line: the labels that tell it from the other series (the expression for a lone unlabelled one). */
  label: string;
  labels: Record<string, string>;
}

/** Current figures for one service. */
export interface MetricSnapshot {
  service: string;
  environment: string;
  at: string;
  requestsPerSecond: number;
  cpuPercent: number;
  latencyP95Ms: number;
  errorRatePercent: number;
  /** Why a figure is n/a, where the backend can tell (`no requests in the last 5m`). */
  notes?: Partial<Record<MetricName, string>>;
  queries?: QueryExplanation[];
}

/** A time range to sample; with `offsetSeconds`, values from that long before, stamped at the requested times (PromQL `offset`). */
export interface SeriesRange {
  from: Date;
  to: Date;
  stepSeconds: number;
  offsetSeconds?: number;
}

/** Health, current figures and series over time for a service in an environment. */
export interface MetricsPort {
  status(service: string, environment: string): Promise<ServiceStatus>;
  snapshot(service: string, environment: string): Promise<MetricSnapshot>;
  series(service: string, environment: string, metric: MetricName, range: SeriesRange): Promise<MetricSeries>;
  /** A raw query (PromQL for Prometheus), one series per result; adapters that cannot run queries leave it out. */
  query?(expression: string, range: SeriesRange): Promise<QuerySeries[]>;
}
