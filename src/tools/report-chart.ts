import type { Alert } from '../backends/ports/alerts.js';
import type { DeployRecord } from '../backends/ports/deploys.js';
import type { ChartPanel, ChartSpec } from '../charts/chart-spec.js';

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * The deploys of a report's period as a panel: the running count of deploys and rollbacks, with each one marked
 * (failed ones flagged), so a busy or troubled day stands out at a glance.
 */
export function deploysPanel(deploys: DeployRecord[], period: { from: string; to: string }): ChartPanel {
  const ordered = [...deploys].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const points: Array<[number, number]> = [[seconds(period.from), 0], ...ordered.map((deploy, index): [number, number] => [seconds(deploy.startedAt), index + 1]), [seconds(period.to), ordered.length]];
  return {
    title: 'Deploys and rollbacks',
    unit: '',
    lines: [{ label: 'deploys and rollbacks so far', points }],
    markers: ordered.map((deploy) => ({ at: seconds(deploy.startedAt), kind: deploy.kind, version: `${deploy.service} ${deploy.version}`, by: deploy.requestedBy, ...(deploy.state === 'failed' ? { failed: true } : {}) })),
    bands: [],
  };
}

/** Firing alerts as bands from when each started (clipped to the period), with how many fire at each moment. */
export function alertsPanel(alerts: Alert[], period: { from: string; to: string }): ChartPanel {
  const from = seconds(period.from);
  const to = seconds(period.to);
  const firing = alerts.filter((alert) => alert.state === 'firing').map((alert) => ({ alert, start: Math.max(from, seconds(alert.startsAt)) }));
  const starts = [...new Set([from, ...firing.map((entry) => entry.start), to])].sort((a, b) => a - b);
  return {
    title: 'Firing alerts',
    unit: '',
    lines: [{ label: 'firing', points: starts.map((at): [number, number] => [at, firing.filter((entry) => entry.start <= at).length]) }],
    markers: [],
    bands: firing.slice(0, 10).map((entry) => ({ from: entry.start, to, label: `${entry.alert.name} ${entry.alert.service}` })),
  };
}

/** One chart of a report's panels, or none when no section drew one. */
export function reportChart(name: string, period: { from: string; to: string }, panels: ChartPanel[]): ChartSpec | undefined {
  return panels.length ? { title: `Report ${name}`, from: seconds(period.from), to: seconds(period.to), panels } : undefined;
}
