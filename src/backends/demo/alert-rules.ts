import type { AlertSeverity } from '../ports/alerts.js';
import type { Reading } from './demo-metrics.js';

/** One alerting rule of the simulated monitoring, evaluated against a reading. */
export interface AlertRule {
  name: string;
  description: string;
  evaluate(reading: Reading): { severity: AlertSeverity; summary: string } | null;
  /** When the condition began, for rules that know it exactly; otherwise found by scanning back minute by minute. */
  startedAt?(reading: Reading): number | null;
}

/** The rules the demo alerts on: the classic golden signals plus failed deploys. */
export const ALERT_RULES: AlertRule[] = [
  {
    name: 'HighErrorRate',
    description: 'Error rate at or above 2% (critical at 5%)',
    evaluate({ figures }) {
      const rate = figures.errorRatePercent;
      if (rate < 2) return null;
      return { severity: rate >= 5 ? 'critical' : 'warning', summary: `error rate ${rate.toFixed(2)}% (warning at 2%, critical at 5%)` };
    },
  },
  {
    name: 'HighLatency',
    description: 'p95 latency above the service objective (critical at twice it)',
    evaluate({ figures, profile }) {
      const latency = figures.latencyP95Ms;
      if (latency <= profile.latencySloMs) return null;
      return { severity: latency > 2 * profile.latencySloMs ? 'critical' : 'warning', summary: `p95 latency ${latency} ms above the ${profile.latencySloMs} ms objective` };
    },
  },
  {
    name: 'HighCpu',
    description: 'CPU at or above 85% (critical at 95%)',
    evaluate({ figures }) {
      const cpu = figures.cpuPercent;
      if (cpu < 85) return null;
      return { severity: cpu >= 95 ? 'critical' : 'warning', summary: `CPU ${Math.round(cpu)}% (warning at 85%, critical at 95%)` };
    },
  },
  {
    name: 'DeployFailed',
    description: 'A deploy failed in the last 30 minutes',
    evaluate({ effects }) {
      const failure = effects.failure;
      if (!failure) return null;
      const keeps = failure.deploy.previousVersion ? `; ${failure.deploy.previousVersion} still running` : '';
      return { severity: 'warning', summary: `${failure.deploy.kind} of ${failure.deploy.version} failed health checks at ${Math.round(failure.deploy.failsAt * 100)}%${keeps}` };
    },
    startedAt: ({ effects }) => effects.failure?.finishedAt ?? null,
  },
];

/** A rule by case-insensitive name. */
export function ruleNamed(name: string): AlertRule | undefined {
  const wanted = name.trim().toLowerCase();
  return ALERT_RULES.find((rule) => rule.name.toLowerCase() === wanted);
}
