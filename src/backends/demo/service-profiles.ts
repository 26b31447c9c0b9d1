import { hash32 } from './deterministic-noise.js';

/** The typical figures of a service at average load, and the latency it promises (its SLO), for the simulated metrics. */
export interface ServiceProfile {
  requestsPerSecond: number;
  cpuPercent: number;
  latencyMs: number;
  latencySloMs: number;
  errorRatePercent: number;
}

// Hand-tuned so each demo service has a character: api is busy, payments is slow but rarely errs.
const PRODUCTION_PROFILES: Record<string, ServiceProfile> = {
  frontend: { requestsPerSecond: 420, cpuPercent: 38, latencyMs: 180, latencySloMs: 400, errorRatePercent: 0.3 },
  api: { requestsPerSecond: 1250, cpuPercent: 52, latencyMs: 120, latencySloMs: 300, errorRatePercent: 0.4 },
  auth: { requestsPerSecond: 310, cpuPercent: 30, latencyMs: 90, latencySloMs: 250, errorRatePercent: 0.2 },
  payments: { requestsPerSecond: 75, cpuPercent: 44, latencyMs: 320, latencySloMs: 800, errorRatePercent: 0.15 },
};

/** A service's profile in an environment; environments other than the primary one see a trickle of test traffic. */
export function profileOf(service: string, primary: boolean): ServiceProfile {
  const seed = hash32('profile', service);
  const production = PRODUCTION_PROFILES[service] ?? {
    requestsPerSecond: 50 + (seed % 600),
    cpuPercent: 25 + (seed % 30),
    latencyMs: 80 + (seed % 200),
    latencySloMs: 300 + (seed % 5) * 100,
    errorRatePercent: 0.1 + (seed % 4) / 10,
  };
  if (primary) return production;
  return {
    requestsPerSecond: production.requestsPerSecond * 0.05,
    cpuPercent: production.cpuPercent * 0.55,
    latencyMs: production.latencyMs * 1.1,
    latencySloMs: production.latencySloMs,
    errorRatePercent: production.errorRatePercent * 1.5,
  };
}
