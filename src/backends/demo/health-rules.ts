import type { Health } from '../ports/metrics.js';
import type { Figures } from './fleet-model.js';
import type { ServiceProfile } from './service-profiles.js';

const ORDER: Health[] = ['NORMAL', 'DEGRADED', 'DOWN', 'UNKNOWN'];

/**
 * Health from figures. Thresholds sit above the alert thresholds' warning levels where they overlap, so a
 * component is only DEGRADED when people would notice, and DOWN when most requests fail or crawl.
 */
export function healthOf(figures: Figures, profile: ServiceProfile): Health {
  if (figures.errorRatePercent >= 20 || figures.latencyP95Ms >= 5 * profile.latencySloMs) return 'DOWN';
  if (figures.errorRatePercent >= 2 || figures.latencyP95Ms > profile.latencySloMs || figures.cpuPercent >= 90) return 'DEGRADED';
  return 'NORMAL';
}

/** The worst of several health values (UNKNOWN counts as worst: we cannot vouch for it). */
export function worstHealth(values: Health[]): Health {
  return values.reduce<Health>((worst, value) => (ORDER.indexOf(value) > ORDER.indexOf(worst) ? value : worst), 'NORMAL');
}

/** A short reading of figures for a status line: `p95 182 ms, errors 0.31%, cpu 41%`. */
export function describeFigures(figures: Figures): string {
  return `p95 ${figures.latencyP95Ms} ms, errors ${figures.errorRatePercent.toFixed(2)}%, cpu ${Math.round(figures.cpuPercent)}%`;
}
