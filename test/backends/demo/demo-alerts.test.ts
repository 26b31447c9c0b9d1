import { describe, expect, it } from 'vitest';
import { ALERT_RULES } from '../../../src/backends/demo/alert-rules.js';
import { createDemoBackends } from '../../../src/backends/demo/index.js';
import { ToolFailure } from '../../../src/errors.js';
import { strongAnomaly } from './anomaly-finder.js';
import { demoFixture } from './demo-fixture.js';

const MINUTE = 60_000;

describe('demo alerts', () => {
  it('fires when the figures cross thresholds, from the start of the anomaly, and not outside it', async () => {
    const window = strongAnomaly('api', 'production');
    const { backends, clock } = await demoFixture({ at: new Date(window.start - 20 * MINUTE).toISOString() });
    expect(await backends.alerts.list({ service: 'api', environment: 'production' })).toEqual([]);

    clock.set(new Date(window.start + 4 * MINUTE).toISOString());
    const snapshot = await backends.metrics.snapshot('api', 'production');
    const alerts = await backends.alerts.list({ service: 'api' });
    expect(snapshot.errorRatePercent).toBeGreaterThanOrEqual(2);
    const errors = alerts.find((alert) => alert.name === 'HighErrorRate');
    expect(errors).toMatchObject({ service: 'api', environment: 'production', state: 'firing', startsAt: new Date(window.start).toISOString(), silencedUntil: null });
    expect(errors!.severity).toBe(snapshot.errorRatePercent >= 5 ? 'critical' : 'warning');
    expect(errors!.summary).toContain(`${snapshot.errorRatePercent.toFixed(2)}%`);
    expect(alerts.some((alert) => alert.name === 'HighLatency')).toBe(true);
    // The same firing keeps its id as time passes.
    clock.advance(3 * MINUTE);
    expect((await backends.alerts.list({ service: 'api' })).find((alert) => alert.name === 'HighErrorRate')!.id).toBe(errors!.id);

    clock.set(new Date(window.end + 20 * MINUTE).toISOString());
    expect(await backends.alerts.list({ service: 'api', environment: 'production' })).toEqual([]);
  });

  it('raises DeployFailed after a failed deploy, for 30 minutes', async () => {
    const { backends, clock } = await demoFixture({ at: '2026-11-18T14:00:00Z' });
    await backends.deploys.deploy({ service: 'payments', environment: 'production', version: 'v6.6.6', requestedBy: 'U00LEAD' });
    clock.advance(10_000);
    const alerts = await backends.alerts.list({ service: 'payments', environment: 'production' });
    expect(alerts.map((alert) => alert.name).sort()).toEqual(['DeployFailed', 'HighErrorRate']);
    expect(alerts.find((alert) => alert.name === 'DeployFailed')!.summary).toMatch(/v6\.6\.6.*v5\.1\.2 still running/);
    clock.advance(31 * MINUTE);
    expect((await backends.alerts.list({ service: 'payments', environment: 'production' })).map((alert) => alert.name)).not.toContain('DeployFailed');
  });

  it('hides silenced alerts until the silence expires, and only for the silenced service', async () => {
    const { backends, clock, store, config } = await demoFixture({ at: '2026-11-18T14:00:00Z' });
    for (const service of ['payments', 'auth']) await backends.deploys.deploy({ service, environment: 'production', version: 'v6.6.6', requestedBy: 'U00LEAD' });
    clock.advance(10_000);

    const silence = await backends.alerts.silence({ alertName: 'deployfailed', service: 'payments', durationMinutes: 10, comment: 'known bad build', createdBy: 'U00SRE' });
    expect(silence).toMatchObject({ alertName: 'DeployFailed', service: 'payments', createdBy: 'U00SRE', endsAt: new Date(clock.now().getTime() + 10 * MINUTE).toISOString() });

    // Another adapter on the same store sees the silence: it is persisted, not held in memory.
    const other = createDemoBackends({ store, config, now: clock.now });
    const firing = await other.alerts.list({});
    expect(firing.filter((alert) => alert.name === 'DeployFailed').map((alert) => alert.service)).toEqual(['auth']);
    const all = await other.alerts.list({ includeSilenced: true });
    expect(all.find((alert) => alert.name === 'DeployFailed' && alert.service === 'payments')).toMatchObject({ state: 'silenced', silencedUntil: silence.endsAt });

    clock.advance(11 * MINUTE);
    expect((await backends.alerts.list({ service: 'payments' })).find((alert) => alert.name === 'DeployFailed')).toMatchObject({ state: 'firing', silencedUntil: null });
  });

  it('refuses silences for unknown alerts and outside the allowed duration', async () => {
    const { backends } = await demoFixture();
    const error = await backends.alerts.silence({ alertName: 'DiskFull', durationMinutes: 30, comment: 'x', createdBy: 'U00SRE' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ToolFailure);
    for (const rule of ALERT_RULES) expect((error as Error).message).toContain(rule.name);
    await expect(backends.alerts.silence({ alertName: 'HighCpu', durationMinutes: 0, comment: 'x', createdBy: 'U00SRE' })).rejects.toBeInstanceOf(ToolFailure);
    await expect(backends.alerts.silence({ alertName: 'HighCpu', durationMinutes: 7 * 24 * 60 + 1, comment: 'x', createdBy: 'U00SRE' })).rejects.toThrow(/between 1 and/);
    await expect(backends.alerts.silence({ alertName: 'HighCpu', service: 'mainframe', durationMinutes: 30, comment: 'x', createdBy: 'U00SRE' })).rejects.toThrow(/Unknown service/);
  });
});
