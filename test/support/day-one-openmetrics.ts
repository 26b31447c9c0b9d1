import { FAST_BUCKETS } from './fleet-openmetrics.js';

/**
 * Services as teams run them before anyone thinks of opsbot: every series carries only `job` and `instance`, and
 * request metrics are named three ways (OpenTelemetry, the client libraries' classic names, Micrometer). Written as
 * OpenMetrics for `promtool tsdb create-blocks-from openmetrics`; counters grow at fixed rates, so every figure has an
 * exact expected value.
 */

/** One counter (or histogram bucket) of one target, growing at `rate` per second. */
interface Counter {
  name: string;
  labels: Record<string, string>;
  rate: number;
}

/** One scraped target: its job, instance, whether it is up, CPU seconds per second, and its counters. */
export interface DayOneTarget {
  job: string;
  instance: string;
  up: 0 | 1;
  cpu: number;
  counters: Counter[];
}

/** An OpenTelemetry-instrumented HTTP server: `http_server_request_duration_seconds` with `http_response_status_code`. */
export function otelServer(okPerSecond: number, errorsPerSecond: number): Counter[] {
  return histogram('http_server_request_duration_seconds', 'http_response_status_code', okPerSecond, errorsPerSecond);
}

/** A classic client library: `http_requests_total{code}` and `http_request_duration_seconds_bucket`. */
export function prometheusServer(okPerSecond: number, errorsPerSecond: number): Counter[] {
  const total = okPerSecond + errorsPerSecond;
  return [
    { name: 'http_requests_total', labels: { code: '200' }, rate: okPerSecond },
    ...(errorsPerSecond ? [{ name: 'http_requests_total', labels: { code: '500' }, rate: errorsPerSecond }] : []),
    ...buckets('http_request_duration_seconds_bucket', total),
  ];
}

/** Spring Boot's Micrometer: `http_server_requests_seconds` with `status`. */
export function micrometerServer(okPerSecond: number, errorsPerSecond: number): Counter[] {
  return histogram('http_server_requests_seconds', 'status', okPerSecond, errorsPerSecond);
}

// `_count` by status; buckets carry no status, as the fleet's p95 is over every request.
function histogram(base: string, statusLabel: string, okPerSecond: number, errorsPerSecond: number): Counter[] {
  return [
    { name: `${base}_count`, labels: { [statusLabel]: '200' }, rate: okPerSecond },
    ...(errorsPerSecond ? [{ name: `${base}_count`, labels: { [statusLabel]: '500' }, rate: errorsPerSecond }] : []),
    ...buckets(`${base}_bucket`, okPerSecond + errorsPerSecond),
  ];
}

/** FAST_BUCKETS scaled to `total` requests per second: p95 is 375 ms whatever the rate. */
function buckets(name: string, total: number): Counter[] {
  return Object.entries(FAST_BUCKETS).map(([le, share]) => ({ name, labels: { le }, rate: (share / 100) * total }));
}

const STEP_SECONDS = 15;

/** The OpenMetrics text of these targets, scraped every 15 s over the span. */
export function dayOneOpenMetrics(targets: DayOneTarget[], span: { start: number; end: number }): string {
  const families = new Map<string, string[]>();
  const add = (name: string, labels: Record<string, string>, valueAt: (elapsed: number) => number) => {
    const labelText = Object.entries(labels)
      .map(([key, value]) => `${key}="${value}"`)
      .join(',');
    const lines = families.get(name) ?? [];
    for (let at = span.start; at <= span.end; at += STEP_SECONDS) lines.push(`${name}{${labelText}} ${valueAt(at - span.start)} ${at}`);
    families.set(name, lines);
  };
  for (const target of targets) {
    const identity = { job: target.job, instance: target.instance };
    add('up', identity, () => target.up);
    if (target.up === 0) continue;
    add('process_cpu_seconds_total', identity, (elapsed) => target.cpu * elapsed);
    for (const counter of target.counters) add(counter.name, { ...identity, ...counter.labels }, (elapsed) => counter.rate * elapsed);
  }
  return `${[...families.values()].flat().join('\n')}\n# EOF\n`;
}
