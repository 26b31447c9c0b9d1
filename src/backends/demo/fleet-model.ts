import type { StoredDeploy } from './deploy-ledger.js';
import { finishTime } from './deploy-ledger.js';
import { hash32, signedUnit, unit } from './deterministic-noise.js';
import type { ServiceProfile } from './service-profiles.js';

/**
 * The simulated fleet's figures as pure functions of (service, environment, time) plus its deploys: a daily
 * traffic curve, seeded per-minute noise, a few anomaly windows a day, and the marks deploys leave.
 */

/** One moment's figures for one service. */
export interface Figures {
  requestsPerSecond: number;
  cpuPercent: number;
  latencyP95Ms: number;
  errorRatePercent: number;
}

/** A 10-minute stretch in which one component of a service misbehaves; `severity` is 0..1. */
export interface Anomaly {
  start: number;
  end: number;
  severity: number;
  /** Picks the misbehaving component: components[componentSeed % components.length]. */
  componentSeed: number;
}

/** What deploys do to the figures at one moment. */
export interface DeployEffects {
  rollout: { version: string; progress: number } | null;
  /** The last deploy that failed within RECENT_FAILURE_MS, with how long ago. */
  failure: { deploy: StoredDeploy; finishedAt: number; sinceMs: number } | null;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WINDOW_MS = 10 * MINUTE_MS;
const WINDOWS_PER_DAY = DAY_MS / WINDOW_MS;
const ANOMALIES_PER_DAY = 2;
/** A failed deploy counts as recent (alerts, degraded status) this long after it failed. */
export const RECENT_FAILURE_MS = 30 * MINUTE_MS;
// Errors from the instances that took the broken version fade out over this time after the revert.
const FAILURE_ERRORS_MS = 15 * MINUTE_MS;

/** The anomaly windows of one UTC day (`day` = whole days since the epoch), chosen by hash. */
export function anomalyWindows(service: string, environment: string, day: number): Anomaly[] {
  const windows: Anomaly[] = [];
  for (let index = 0; index < ANOMALIES_PER_DAY; index++) {
    const slot = hash32('anomaly', service, environment, day, index) % WINDOWS_PER_DAY;
    const start = day * DAY_MS + slot * WINDOW_MS;
    windows.push({ start, end: start + WINDOW_MS, severity: unit('severity', service, environment, day, index), componentSeed: hash32('component', service, day, index) });
  }
  return windows;
}

/** The anomaly under way at `at` (epoch ms), if any. */
export function anomalyAt(service: string, environment: string, at: number): Anomaly | null {
  return anomalyWindows(service, environment, Math.floor(at / DAY_MS)).find((window) => at >= window.start && at < window.end) ?? null;
}

/** Effects of one environment's deploys at `at` (epoch ms); deploys started later have no effect yet. */
export function deployEffectsAt(deploys: StoredDeploy[], at: number): DeployEffects {
  let rollout: DeployEffects['rollout'] = null;
  let failure: DeployEffects['failure'] = null;
  for (const deploy of deploys) {
    const started = Date.parse(deploy.startedAt);
    if (started > at) continue;
    const finished = finishTime(deploy);
    if (at < finished) rollout = { version: deploy.version, progress: (at - started) / (deploy.durationSeconds * 1000) };
    else if (deploy.outcome === 'failed' && at - finished < RECENT_FAILURE_MS) failure = { deploy, finishedAt: finished, sinceMs: at - finished };
  }
  return { rollout, failure };
}

/** Figures without anomalies or deploys: the daily curve and noise only. */
export function baselineFigures(profile: ServiceProfile, service: string, environment: string, at: number): Figures {
  const dayFraction = (at % DAY_MS) / DAY_MS;
  // Peak at 15:00 UTC, trough at 03:00, and quieter weekends: the shape of a typical web business.
  const weekday = new Date(at).getUTCDay();
  const weekly = weekday === 0 || weekday === 6 ? 0.75 : 1;
  const load = (1 + 0.45 * Math.sin(2 * Math.PI * (dayFraction - 0.375))) * weekly;
  const minute = Math.floor(at / MINUTE_MS);
  const noise = (metric: string) => signedUnit(service, environment, metric, minute);
  return {
    requestsPerSecond: profile.requestsPerSecond * load * (1 + 0.06 * noise('requests')),
    cpuPercent: profile.cpuPercent * (0.5 + 0.5 * load) + 4 * noise('cpu'),
    latencyP95Ms: profile.latencyMs * (0.85 + 0.15 * load) * (1 + 0.08 * noise('latency')),
    errorRatePercent: profile.errorRatePercent * (1 + 0.3 * noise('errors')),
  };
}

/** Adds an anomaly's and deploys' marks to baseline figures. */
export function withEffects(base: Figures, anomaly: Anomaly | null, effects: DeployEffects): Figures {
  const { requestsPerSecond } = base;
  let { cpuPercent, latencyP95Ms, errorRatePercent } = base;
  if (anomaly) {
    latencyP95Ms *= 2 + 2.5 * anomaly.severity;
    errorRatePercent += 1 + 6 * anomaly.severity;
    cpuPercent += 10 + 20 * anomaly.severity;
  }
  if (effects.rollout) {
    // Instances restarting: the survivors carry more load for a while.
    latencyP95Ms *= 1.15;
    cpuPercent += 8;
  }
  if (effects.failure && effects.failure.sinceMs < FAILURE_ERRORS_MS) {
    errorRatePercent += 3.5 * (1 - effects.failure.sinceMs / FAILURE_ERRORS_MS);
    latencyP95Ms *= 1.1;
  }
  return round({ requestsPerSecond, cpuPercent, latencyP95Ms, errorRatePercent });
}

function round(figures: Figures): Figures {
  return {
    requestsPerSecond: Math.round(figures.requestsPerSecond * 10) / 10,
    cpuPercent: Math.round(Math.min(100, Math.max(1, figures.cpuPercent)) * 10) / 10,
    latencyP95Ms: Math.round(figures.latencyP95Ms),
    errorRatePercent: Math.round(Math.max(0, figures.errorRatePercent) * 100) / 100,
  };
}
