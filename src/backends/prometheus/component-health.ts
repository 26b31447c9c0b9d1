import type { ComponentStatus, Health } from '../ports/metrics.js';
import type { InstantSample } from './prometheus-client.js';

/** The answers (or the reason there is none) that decide one component's health. */
export interface HealthReadings {
  up: Outcome<InstantSample[]>;
  requests: Outcome<InstantSample[]>;
  errorRate: Outcome<InstantSample[]>;
  latencyP95: Outcome<InstantSample[]>;
  criticalAlerts: Outcome<InstantSample[]>;
}

/** A query's answer, or why it has none. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The thresholds above which a component is DEGRADED. */
export interface HealthThresholds {
  errorRatePercent: number;
  latencyP95Ms: number;
}

/** What was looked for, so an answer without data can say so: the selector, the queries that ran, and the rate window. */
export interface HealthLookup {
  selector: string;
  upQuery: string;
  requestsQuery: string;
  window: string;
}

// As the demo ranks them: UNKNOWN is worst, since nobody can vouch for what cannot be seen.
const ORDER: Health[] = ['NORMAL', 'DEGRADED', 'DOWN', 'UNKNOWN'];

/** The service is its worst component. */
export function worstOf(values: Health[]): Health {
  return values.reduce<Health>((worst, value) => (ORDER.indexOf(value) > ORDER.indexOf(worst) ? value : worst), 'NORMAL');
}

/**
 * DOWN when every `up` target is 0; DEGRADED above a threshold or with a critical alert firing; UNKNOWN when a query
 * failed or there is no data at all (it is the truth: we cannot tell, and that may itself be the problem), naming the
 * selector and the queries that found nothing. Zero is a figure: requests without 5xx are 0.00% errors.
 */
export function componentHealth(name: string, readings: HealthReadings, thresholds: HealthThresholds, lookup: HealthLookup): ComponentStatus {
  const failed = Object.entries(readings).find(([, outcome]) => !outcome.ok) as [string, { ok: false; reason: string }] | undefined;
  if (failed) return { name, status: 'UNKNOWN', detail: failed[1].reason };
  const values = readings as { [key in keyof HealthReadings]: { ok: true; value: InstantSample[] } };
  const up = values.up.value;
  const requests = single(values.requests.value);
  const errorRate = single(values.errorRate.value);
  const latency = single(values.latencyP95.value);
  const alerts = [...new Set(values.criticalAlerts.value.filter((sample) => sample.value > 0).map((sample) => sample.labels.alertname ?? 'alert'))];
  if (up.length === 0 && requests === null && errorRate === null && latency === null) {
    return { name, status: 'UNKNOWN', detail: `no data: nothing matches ${lookup.selector} (\`${lookup.upQuery}\` and \`${lookup.requestsQuery}\` returned no series)` };
  }
  const running = up.filter((sample) => sample.value >= 1).length;
  const idle = requests === null || !(requests > 0);
  const notes: string[] = [];
  if (up.length) notes.push(`${running}/${up.length} up`);
  // n/a only without requests, and then it says so: an empty 5xx series over live traffic is 0.00%, not missing.
  if (errorRate !== null && Number.isFinite(errorRate)) notes.push(`errors ${errorRate.toFixed(2)}%`);
  else notes.push(idle ? `errors n/a (no requests in the last ${lookup.window})` : 'errors n/a');
  notes.push(latency === null || Number.isNaN(latency) ? (idle ? 'p95 n/a' : 'p95 n/a (no latency histogram)') : `p95 ${Math.round(latency)} ms`);
  if (up.length > 0 && running === 0) return { name, status: 'DOWN', detail: `all ${up.length} targets down; ${notes.join(', ')}` };
  const reasons: string[] = [];
  if (errorRate !== null && errorRate > thresholds.errorRatePercent) reasons.push(`error rate above ${thresholds.errorRatePercent}%`);
  if (latency !== null && latency > thresholds.latencyP95Ms) reasons.push(`p95 above ${thresholds.latencyP95Ms} ms`);
  if (alerts.length) reasons.push(`critical alert ${alerts.join(', ')} firing`);
  if (reasons.length) return { name, status: 'DEGRADED', detail: `${reasons.join('; ')}: ${notes.join(', ')}` };
  return { name, status: 'NORMAL', detail: notes.join(', ') };
}

/** An aggregated query answers one sample; none means no data. */
function single(samples: InstantSample[]): number | null {
  return samples.length ? samples[0]!.value : null;
}
