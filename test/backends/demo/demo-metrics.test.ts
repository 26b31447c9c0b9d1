import { describe, expect, it } from 'vitest';
import { ToolFailure } from '../../../src/errors.js';
import { strongAnomaly } from './anomaly-finder.js';
import { demoConfigWith, demoFixture } from './demo-fixture.js';

const MINUTE = 60_000;

describe('demo metrics', () => {
  it('gives the same figures for the same moment, in any process', async () => {
    const first = await demoFixture({ at: '2026-11-18T14:00:00Z' });
    const second = await demoFixture({ at: '2026-11-18T14:00:00Z' });
    const snapshot = await first.backends.metrics.snapshot('api', 'production');
    expect(await second.backends.metrics.snapshot('api', 'production')).toEqual(snapshot);
    expect(snapshot.requestsPerSecond).toBeGreaterThan(0);
    expect(snapshot.cpuPercent).toBeGreaterThan(0);
    expect(snapshot.cpuPercent).toBeLessThanOrEqual(100);
  });

  it('changes from minute to minute and follows a daily curve', async () => {
    const { backends, clock } = await demoFixture({ at: '2026-11-18T15:00:00Z' });
    const peak = await backends.metrics.snapshot('frontend', 'production');
    clock.advance(MINUTE);
    const nextMinute = await backends.metrics.snapshot('frontend', 'production');
    expect(nextMinute.requestsPerSecond).not.toBe(peak.requestsPerSecond);
    clock.set('2026-11-18T03:00:00Z');
    const night = await backends.metrics.snapshot('frontend', 'production');
    expect(night.requestsPerSecond).toBeLessThan(peak.requestsPerSecond * 0.6);
    // Staging sees a trickle of test traffic next to production.
    clock.set('2026-11-18T15:00:00Z');
    expect((await backends.metrics.snapshot('frontend', 'staging')).requestsPerSecond).toBeLessThan(peak.requestsPerSecond / 5);
  });

  it('serves a series whose points are the snapshots at those times, ending now', async () => {
    const { backends, clock } = await demoFixture({ at: '2026-11-18T14:00:00Z' });
    const to = clock.now();
    const from = new Date(to.getTime() - 60 * MINUTE);
    const series = await backends.metrics.series('payments', 'production', 'latency_p95', { from, to: new Date(to.getTime() + 60 * MINUTE), stepSeconds: 300 });
    expect(series).toMatchObject({ service: 'payments', environment: 'production', metric: 'latency_p95', unit: 'ms' });
    expect(series.points).toHaveLength(13);
    expect(series.points[0]![0]).toBe(from.getTime() / 1000);
    expect(series.points.at(-1)![0]).toBe(to.getTime() / 1000);
    expect(series.points.at(-1)![1]).toBe((await backends.metrics.snapshot('payments', 'production')).latencyP95Ms);
    await expect(backends.metrics.series('payments', 'production', 'cpu', { from: new Date(0), to, stepSeconds: 1 })).rejects.toBeInstanceOf(ToolFailure);
  });

  it('shows an anomaly window as elevated latency and errors, and a DEGRADED component', async () => {
    const window = strongAnomaly('api', 'production');
    const { backends, clock } = await demoFixture({ at: new Date(window.start - 30 * MINUTE).toISOString() });
    const before = await backends.metrics.snapshot('api', 'production');
    const calm = await backends.metrics.status('api', 'production');
    clock.set(new Date(window.start + 5 * MINUTE).toISOString());
    const during = await backends.metrics.snapshot('api', 'production');
    const troubled = await backends.metrics.status('api', 'production');

    expect(during.latencyP95Ms).toBeGreaterThan(before.latencyP95Ms * 2);
    expect(during.errorRatePercent).toBeGreaterThan(before.errorRatePercent + 2);
    expect(calm.overall).toBe('NORMAL');
    expect(calm.components.map((component) => component.status)).toEqual(['NORMAL', 'NORMAL', 'NORMAL']);
    expect(troubled.overall).not.toBe('NORMAL');
    expect(troubled.components.filter((component) => component.status !== 'NORMAL')).toHaveLength(1);
    expect(troubled.version).toBe('v1.8.4');
  });

  it('marks a rollout and a failed deploy in the figures', async () => {
    // Same moment, two fleets: one mid-deploy, one not.
    const quiet = await demoFixture({ at: '2026-11-18T14:00:00Z' });
    const busy = await demoFixture({ at: '2026-11-18T14:00:00Z' });
    await busy.backends.deploys.deploy({ service: 'auth', environment: 'production', version: 'v6.6.6', requestedBy: 'U00LEAD' });
    busy.clock.advance(2000);
    quiet.clock.advance(2000);
    const calm = await quiet.backends.metrics.snapshot('auth', 'production');
    const rolling = await busy.backends.metrics.snapshot('auth', 'production');
    expect(rolling.latencyP95Ms).toBeGreaterThan(calm.latencyP95Ms);
    expect(rolling.cpuPercent).toBeGreaterThan(calm.cpuPercent);
    const status = await busy.backends.metrics.status('auth', 'production');
    expect(status.components[0]!.detail).toMatch(/rolling out v6\.6\.6/);

    busy.clock.advance(5000);
    quiet.clock.advance(5000);
    const afterFailure = await busy.backends.metrics.snapshot('auth', 'production');
    expect(afterFailure.errorRatePercent).toBeGreaterThan((await quiet.backends.metrics.snapshot('auth', 'production')).errorRatePercent + 2);
    const failedStatus = await busy.backends.metrics.status('auth', 'production');
    expect(failedStatus.components[0]).toMatchObject({ name: 'login', status: 'DEGRADED' });
    expect(failedStatus.version).toBe('v3.2.0');
  });

  it('answers UNKNOWN status but fails figures during a simulated metrics outage', async () => {
    const { backends } = await demoFixture({ config: demoConfigWith({ demo: { outages: ['metrics'] } }) });
    const status = await backends.metrics.status('payments', 'production');
    expect(status.overall).toBe('UNKNOWN');
    expect(status.components.map((component) => component.status)).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
    expect(status.version).toBe('v5.1.2');
    const error = await backends.metrics.snapshot('payments', 'production').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ToolFailure);
    await expect(backends.metrics.series('payments', 'production', 'cpu', { from: new Date(0), to: new Date(), stepSeconds: 60 })).rejects.toThrow(/unreachable/);
  });

  it('refuses unknown services', async () => {
    const { backends } = await demoFixture();
    await expect(backends.metrics.status('mainframe', 'production')).rejects.toBeInstanceOf(ToolFailure);
  });
});
