import { expect, it } from 'vitest';
import type { Health, MetricName, MetricsPort } from '../../../src/backends/ports/metrics.js';
import type { Service } from '../../../src/config/schema.js';
import { ToolFailure } from '../../../src/errors.js';

/** What the metrics contract needs from an adapter under test: the port, its catalog and clock, and a service it has data for. */
export interface MetricsFixture {
  metrics: MetricsPort;
  services: Service[];
  now: () => Date;
  /** A service with data in `environment`. */
  service: string;
  environment: string;
  /** How far back the offset case looks; the adapter must have data that long before the last 20 minutes (10 minutes when absent). */
  offsetSeconds?: number;
  /**
   * The components the adapter reports for a service: by default the catalog's. Prometheus reports the selectors of
   * `services[].metrics.components`, else the catalog's when a component label is configured, else the service whole.
   */
  componentsOf?: (service: Service) => string[];
}

const HEALTH: Health[] = ['NORMAL', 'DEGRADED', 'DOWN', 'UNKNOWN'];
const METRICS: MetricName[] = ['requests', 'cpu', 'latency_p95', 'error_rate'];
// UNKNOWN ranks worst: nobody can vouch for a component that cannot be seen.
const RANK: Record<Health, number> = { NORMAL: 0, DEGRADED: 1, DOWN: 2, UNKNOWN: 3 };

/** The MetricsPort contract (DESIGN §8): every adapter, demo or real, passes these. Call inside a describe. */
export function metricsContract(fixture: () => MetricsFixture): void {
  it('status: every configured component with a known health; the service is its worst component', async () => {
    const { metrics, services, environment, componentsOf } = fixture();
    for (const service of services) {
      const status = await metrics.status(service.name, environment);
      expect(status).toMatchObject({ service: service.name, environment });
      expect(status.components.map((component) => component.name)).toEqual(componentsOf ? componentsOf(service) : service.components);
      for (const component of status.components) expect(HEALTH).toContain(component.status);
      const worst = Math.max(...status.components.map((component) => RANK[component.status]));
      expect(RANK[status.overall]).toBe(worst);
      expect(Number.isNaN(Date.parse(status.checkedAt))).toBe(false);
    }
  });

  it('status and snapshot of an unknown service are readable refusals', async () => {
    const { metrics, environment } = fixture();
    await expect(metrics.status('mainframe', environment)).rejects.toBeInstanceOf(ToolFailure);
    await expect(metrics.snapshot('mainframe', environment)).rejects.toBeInstanceOf(ToolFailure);
  });

  it('snapshot: current, finite, non-negative figures at the adapter clock', async () => {
    const { metrics, service, environment, now } = fixture();
    const snapshot = await metrics.snapshot(service, environment);
    expect(snapshot).toMatchObject({ service, environment, at: now().toISOString() });
    for (const value of [snapshot.requestsPerSecond, snapshot.cpuPercent, snapshot.latencyP95Ms, snapshot.errorRatePercent]) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
    }
  });

  it('series: ascending points on the step inside the range, never past now, in the metric unit', async () => {
    const { metrics, service, environment, now } = fixture();
    const to = new Date(now().getTime() + 10 * 60_000);
    const from = new Date(now().getTime() - 30 * 60_000);
    for (const metric of METRICS) {
      const series = await metrics.series(service, environment, metric, { from, to, stepSeconds: 60 });
      expect(series).toMatchObject({ service, environment, metric });
      expect(series.unit.length).toBeGreaterThan(0);
      expect(series.points.length).toBeGreaterThan(20);
      series.points.forEach(([at, value], index) => {
        expect(at * 1000).toBeGreaterThanOrEqual(from.getTime());
        expect(at * 1000).toBeLessThanOrEqual(now().getTime());
        expect(Number.isFinite(value)).toBe(true);
        if (index > 0) expect(at - series.points[index - 1]![0]).toBe(60);
      });
    }
  });

  it('series with offsetSeconds: the values from that long before, stamped at the requested times', async () => {
    const { metrics, service, environment, now, offsetSeconds = 600 } = fixture();
    const to = now();
    const from = new Date(to.getTime() - 20 * 60_000);
    const back = (time: Date) => new Date(time.getTime() - offsetSeconds * 1000);
    for (const metric of METRICS) {
      const shifted = await metrics.series(service, environment, metric, { from, to, stepSeconds: 60, offsetSeconds });
      const earlier = await metrics.series(service, environment, metric, { from: back(from), to: back(to), stepSeconds: 60 });
      expect(shifted.points.length).toBeGreaterThan(15);
      expect(shifted.points[0]![0] * 1000).toBeGreaterThanOrEqual(from.getTime());
      expect(shifted.points).toEqual(earlier.points.map(([at, value]) => [at + offsetSeconds, value]));
    }
  });

  it('series: a bad step or too many points is a readable refusal', async () => {
    const { metrics, service, environment, now } = fixture();
    const range = { from: new Date(now().getTime() - 3_600_000), to: now() };
    await expect(metrics.series(service, environment, 'requests', { ...range, stepSeconds: 0 })).rejects.toBeInstanceOf(ToolFailure);
    await expect(metrics.series(service, environment, 'requests', { from: new Date(now().getTime() - 7 * 86_400_000), to: now(), stepSeconds: 1 })).rejects.toBeInstanceOf(ToolFailure);
  });
}
