/**
 * A fleet scraped every 15 s around three moments: now, the same time yesterday and a week ago, written as OpenMetrics
 * for `promtool tsdb create-blocks-from openmetrics`. Rates are fixed within each stretch, so every figure of every
 * stretch has an exact expected value; frontend's p95 triples at a deploy 20 minutes before now.
 */

const STEP_SECONDS = 15;
const DAY = 86_400;
/** Each stretch starts this long before its moment, so the hour charted and its 5 m rate windows are all inside data. */
const LEAD_SECONDS = 75 * 60;

/** Cumulative share of requests at or under each `le`. p95 = 0.1 + 0.4 × (0.95 − 0.9) / (1 − 0.9) = 0.3 s. */
export const USUAL_BUCKETS: Record<string, number> = { '0.1': 0.9, '0.5': 1, '1': 1, '+Inf': 1 };
export const USUAL_P95_MS = 300;
/** p95 = 0.5 + 0.5 × (0.95 − 0.75) / (1 − 0.75) = 0.9 s: three times the usual. */
export const SLOW_BUCKETS: Record<string, number> = { '0.1': 0, '0.5': 0.75, '1': 1, '+Inf': 1 };
export const SLOW_P95_MS = 900;

/** The moments (unix seconds): now on a whole minute well in the past (clear of Prometheus's head block), and the deploy. */
export function baselineMoments(now = Date.now()): { now: number; dayAgo: number; weekAgo: number; deploy: number } {
  const moment = Math.floor(now / 3_600_000) * 3600 - 3600 - 60;
  return { now: moment, dayAgo: moment - DAY, weekAgo: moment - 7 * DAY, deploy: moment - 20 * 60 };
}

/** One service's traffic in a stretch: ok and error requests per second, CPU seconds per second, latency buckets. */
interface Traffic {
  ok: number;
  errors: number;
  cpu: number;
  buckets: Record<string, number>;
}

/** Known figures: which stretch (now, dayAgo, weekAgo) and, for now, whether after the deploy. */
export const TRAFFIC = {
  // Requests 100 now, 90 yesterday, 110 a week ago: the usual is their median, 100. p95 300 ms until the deploy, then 900.
  frontend: {
    now: { ok: 99, errors: 1, cpu: 0.3, buckets: USUAL_BUCKETS },
    afterDeploy: { ok: 99, errors: 1, cpu: 0.3, buckets: SLOW_BUCKETS },
    dayAgo: { ok: 89, errors: 1, cpu: 0.3, buckets: USUAL_BUCKETS },
    weekAgo: { ok: 109, errors: 1, cpu: 0.3, buckets: USUAL_BUCKETS },
  },
  // Quiet: 50 now, 45 yesterday, 55 a week ago.
  api: {
    now: { ok: 50, errors: 0, cpu: 0.2, buckets: USUAL_BUCKETS },
    afterDeploy: { ok: 50, errors: 0, cpu: 0.2, buckets: USUAL_BUCKETS },
    dayAgo: { ok: 45, errors: 0, cpu: 0.2, buckets: USUAL_BUCKETS },
    weekAgo: { ok: 55, errors: 0, cpu: 0.2, buckets: USUAL_BUCKETS },
  },
} satisfies Record<string, Record<'now' | 'afterDeploy' | 'dayAgo' | 'weekAgo', Traffic>>;

/** The OpenMetrics text of TRAFFIC over the three stretches, each ending a minute after its moment. */
export function baselineOpenMetrics(moments = baselineMoments()): string {
  const stretches = [
    { from: moments.weekAgo - LEAD_SECONDS, to: moments.weekAgo + 60, traffic: (service: keyof typeof TRAFFIC) => TRAFFIC[service].weekAgo },
    { from: moments.dayAgo - LEAD_SECONDS, to: moments.dayAgo + 60, traffic: (service: keyof typeof TRAFFIC) => TRAFFIC[service].dayAgo },
    { from: moments.now - LEAD_SECONDS, to: moments.now + 60, traffic: (service: keyof typeof TRAFFIC, at: number) => (at > moments.deploy ? TRAFFIC[service].afterDeploy : TRAFFIC[service].now) },
  ];
  const families = new Map<string, string[]>();
  const add = (name: string, labels: Record<string, string>, rateOf: (traffic: Traffic) => number, gauge = false) => {
    const labelText = Object.entries(labels)
      .map(([key, value]) => `${key}="${value}"`)
      .join(',');
    const lines = families.get(name) ?? [];
    const service = labels.service as keyof typeof TRAFFIC;
    // A counter carries on across the gaps between stretches (no reset), growing only while scraped.
    let total = 0;
    for (const stretch of stretches) {
      for (let at = stretch.from; at <= stretch.to; at += STEP_SECONDS) {
        // The 15 s that end at `at` run at the rate of the stretch they lie in (a deploy at `at` counts from after it).
        if (at > stretch.from) total += rateOf(stretch.traffic(service, at)) * STEP_SECONDS;
        lines.push(`${name}{${labelText}} ${gauge ? rateOf(stretch.traffic(service, at)) : total} ${at}`);
      }
    }
    families.set(name, lines);
  };
  for (const [service, component] of [['frontend', 'web'], ['api', 'gateway']] as const) {
    const labels = { service, environment: 'production', component, instance: `${component}-0:9100` };
    add('up', labels, () => 1, true);
    add('http_requests_total', { ...labels, code: '200' }, (traffic) => traffic.ok);
    add('http_requests_total', { ...labels, code: '500' }, (traffic) => traffic.errors);
    add('process_cpu_seconds_total', labels, (traffic) => traffic.cpu);
    for (const le of Object.keys(USUAL_BUCKETS)) add('http_request_duration_seconds_bucket', { ...labels, le }, (traffic) => (traffic.ok + traffic.errors) * traffic.buckets[le]!);
  }
  return `${[...families.values()].flat().join('\n')}\n# EOF\n`;
}
