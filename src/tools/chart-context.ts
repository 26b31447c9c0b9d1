import type { Backends } from '../backends/backends.js';
import type { DeployRecord } from '../backends/ports/deploys.js';
import type { ChartBand, ChartMarker } from '../charts/chart-spec.js';

/** What a chart of one service shows besides its lines: the deploys in the range, and the alerts firing in it. */
export interface ServiceEvents {
  markers: ChartMarker[];
  bands: ChartBand[];
  /** The deploys themselves, newest first, for baselines that name the deploy behind a change. */
  deploys: DeployRecord[];
}

// Enough history to cover a day of busy deploying; older deploys fall outside every range a chart shows.
const DEPLOY_LOOKBACK = 50;

/**
 * Deploys and rollbacks of `service` in `environment` within [from, to] (unix seconds), and its alerts firing now as
 * bands from when they started. A chart is still worth having without them, so a deploy or alert backend that
 * cannot answer leaves them out rather than failing the answer.
 */
export async function serviceEvents(backends: Backends, service: string, environment: string, from: number, to: number): Promise<ServiceEvents> {
  const [deploys, alerts] = await Promise.all([
    backends.deploys.history(service, environment, DEPLOY_LOOKBACK).catch((): DeployRecord[] => []),
    backends.alerts.list({ service, environment, includeSilenced: true }).catch(() => []),
  ]);
  const inRange = deploys.filter((deploy) => {
    const at = Date.parse(deploy.startedAt) / 1000;
    // `to` is whole seconds (now, floored): a deploy started during its last second is still in the range.
    return at >= from && at < to + 1;
  });
  const markers = inRange.map((deploy): ChartMarker => ({
    at: Date.parse(deploy.startedAt) / 1000,
    kind: deploy.kind,
    version: deploy.version,
    by: deploy.requestedBy,
    ...(deploy.state === 'failed' ? { failed: true } : {}),
  }));
  // The alerts port knows what fires now and since when; periods that ended earlier are not in it.
  const bands = alerts
    .filter((alert) => Date.parse(alert.startsAt) / 1000 <= to)
    .map((alert): ChartBand => ({ from: Math.max(from, Date.parse(alert.startsAt) / 1000), to, label: alert.state === 'silenced' ? `${alert.name} (silenced)` : alert.name }));
  return { markers, bands, deploys };
}
