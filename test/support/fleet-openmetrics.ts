/**
 * A known fleet as Prometheus would have scraped it every 15 s for an hour, written as OpenMetrics for
 * `promtool tsdb create-blocks-from openmetrics`. Counters grow at fixed rates, so every figure opsbot reports
 * has an exact expected value (rate() over a window fully inside the data is exact for a linear counter).
 */

/** Bucket shapes: cumulative request rates per `le`, chosen so p95 falls inside a bucket by a round fraction. */
export const FAST_BUCKETS: Record<string, number> = { '0.1': 80, '0.25': 90, '0.5': 100, '1': 100, '2.5': 100, '+Inf': 100 };
/** p95 = 0.25 + 0.25 × (95 − 90) / (100 − 90) = 0.375 s. */
export const FAST_P95_MS = 375;
export const SLOW_BUCKETS: Record<string, number> = { '0.1': 10, '0.25': 20, '0.5': 50, '1': 60, '2.5': 100, '+Inf': 100 };
/** p95 = 1 + 1.5 × (95 − 60) / (100 − 60) = 2.3125 s. */
export const SLOW_P95_MS = 2312.5;

/** One scraped instance of a component: per-second rates and whether its target is up. */
export interface InstanceSpec {
  ok: number;
  errors: number;
  cpu: number;
  up: 0 | 1;
  buckets?: Record<string, number>;
}

/** Per service, per component (production only): its instances and any firing critical alert. */
export type FleetSpec = Record<string, Record<string, { instances: InstanceSpec[]; criticalAlert?: string }>>;

/**
 * frontend: all well (web 2 instances, cdn 1). api: gateway 10% errors, database all targets down.
 * auth: login with a critical alert firing, sessions slow. payments: nothing at all.
 */
export const FLEET: FleetSpec = {
  frontend: {
    web: { instances: [{ ok: 50, errors: 0.5, cpu: 0.2, up: 1 }, { ok: 50, errors: 0.5, cpu: 0.4, up: 1 }] },
    cdn: { instances: [{ ok: 200, errors: 0, cpu: 0.3, up: 1 }] },
  },
  api: {
    gateway: { instances: [{ ok: 90, errors: 10, cpu: 0.5, up: 1 }] },
    workers: { instances: [{ ok: 20, errors: 0, cpu: 0.1, up: 1 }] },
    database: { instances: [{ ok: 0, errors: 0, cpu: 0, up: 0 }, { ok: 0, errors: 0, cpu: 0, up: 0 }] },
  },
  auth: {
    login: { instances: [{ ok: 30, errors: 0, cpu: 0.1, up: 1 }], criticalAlert: 'LoginFailures' },
    sessions: { instances: [{ ok: 30, errors: 0, cpu: 0.1, up: 1, buckets: SLOW_BUCKETS }] },
  },
};

const STEP_SECONDS = 15;
const SPAN_SECONDS = 3600;

/** The data's time span: samples every 15 s from `start` to `end` (unix seconds, on whole minutes). */
export function fleetSpan(now = Date.now()): { start: number; end: number; clock: Date } {
  // Well in the past, so nothing Prometheus does with its head block can touch it.
  const end = Math.floor(now / 3_600_000) * 3600 - 3600;
  // opsbot's clock a minute before the end: every 5 m window lies wholly inside the data.
  return { start: end - SPAN_SECONDS, end, clock: new Date((end - 60) * 1000) };
}

/** A span around the real time (half an hour either side), for processes that read Prometheus at their own clock. */
export function liveFleetSpan(now = Date.now()): { start: number; end: number } {
  const minute = Math.floor(now / 60_000) * 60;
  return { start: minute - 1800, end: minute + 1800 };
}

/** The OpenMetrics text for a fleet over a span. */
export function fleetOpenMetrics(fleet: FleetSpec, span: { start: number; end: number }): string {
  const families = new Map<string, string[]>();
  const add = (name: string, labels: Record<string, string>, valueAt: (elapsed: number) => number) => {
    const labelText = Object.entries(labels)
      .map(([key, value]) => `${key}="${value}"`)
      .join(',');
    const lines = families.get(name) ?? [];
    for (let at = span.start; at <= span.end; at += STEP_SECONDS) lines.push(`${name}{${labelText}} ${valueAt(at - span.start)} ${at}`);
    families.set(name, lines);
  };
  for (const [service, components] of Object.entries(fleet)) {
    for (const [component, spec] of Object.entries(components)) {
      spec.instances.forEach((instance, index) => {
        const labels = { service, environment: 'production', component, instance: `${component}-${index}:9100` };
        add('up', labels, () => instance.up);
        if (instance.up === 0) return;
        add('http_requests_total', { ...labels, code: '200' }, (elapsed) => instance.ok * elapsed);
        add('http_requests_total', { ...labels, code: '500' }, (elapsed) => instance.errors * elapsed);
        add('process_cpu_seconds_total', labels, (elapsed) => instance.cpu * elapsed);
        for (const [le, rate] of Object.entries(instance.buckets ?? FAST_BUCKETS)) add('http_request_duration_seconds_bucket', { ...labels, le }, (elapsed) => rate * elapsed);
      });
      if (spec.criticalAlert) add('ALERTS', { alertname: spec.criticalAlert, alertstate: 'firing', severity: 'critical', service, environment: 'production', component }, () => 1);
    }
  }
  return `${[...families.values()].flat().join('\n')}\n# EOF\n`;
}

/**
 * How opsbot reads this fleet (`backends.metrics` settings): the client libraries' classic names, and the service,
 * environment and component labels every series here carries.
 */
export const FLEET_READING = { conventions: 'prometheus', labels: { environment: 'environment', component: 'component' } } as const;
