import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoBackends } from '../../../src/backends/demo/index.js';
import { ToolFailure } from '../../../src/errors.js';
import { openStore, type Store } from '../../../src/store/open-store.js';
import { TestClock, demoConfigWith, demoFixture } from './demo-fixture.js';

const SECOND = 1000;

describe('demo deploys', () => {
  it('seeds a fleet with running versions and past deploys', async () => {
    const { backends } = await demoFixture();
    expect((await backends.deploys.current('frontend', 'production')).version).toBe('v2.3.1');
    expect((await backends.deploys.current('payments', 'production')).version).toBe('v5.1.2');
    expect((await backends.deploys.current('frontend', 'staging')).version).toBe('v2.3.2');
    const history = await backends.deploys.history('frontend', 'production', 10);
    expect(history.map((deploy) => deploy.version)).toEqual(['v2.3.1', 'v2.3.0', 'v2.2.3']);
    expect(history.every((deploy) => deploy.state === 'succeeded')).toBe(true);
  });

  it('progresses with the clock and completes after deploySeconds', async () => {
    const { backends, clock } = await demoFixture();
    const started = await backends.deploys.deploy({ service: 'frontend', environment: 'production', version: 'v2.4.0', requestedBy: 'U00LEAD' });
    expect(started).toMatchObject({ state: 'in_progress', progress: 0, previousVersion: 'v2.3.1', kind: 'deploy' });

    clock.advance(3 * SECOND);
    const halfway = await backends.deploys.current('frontend', 'production');
    expect(halfway.version).toBe('v2.3.1');
    expect(halfway.inProgress).toMatchObject({ id: started.id, state: 'in_progress', progress: 0.5 });

    clock.advance(3 * SECOND);
    const done = await backends.deploys.get(started.id);
    expect(done).toMatchObject({ state: 'succeeded', progress: 1, finishedAt: new Date(Date.parse(started.startedAt) + 6 * SECOND).toISOString() });
    expect(await backends.deploys.current('frontend', 'production')).toEqual({ version: 'v2.4.0', inProgress: null });
    expect((await backends.deploys.history('frontend', 'production', 1))[0]!.id).toBe(started.id);
  });

  it('fails a broken version deterministically and keeps the old version running', async () => {
    const { backends, clock } = await demoFixture();
    const started = await backends.deploys.deploy({ service: 'api', environment: 'production', version: 'v6.6.6', requestedBy: 'U00LEAD' });
    clock.advance(3 * SECOND);
    expect((await backends.deploys.get(started.id))!.state).toBe('in_progress');
    clock.advance(1 * SECOND);
    const failed = await backends.deploys.get(started.id);
    expect(failed).toMatchObject({ state: 'failed', progress: 0.6 });
    expect(failed!.message).toMatch(/health checks failed at 60%/);
    expect(failed!.finishedAt).not.toBeNull();
    clock.advance(60 * SECOND);
    expect(await backends.deploys.current('api', 'production')).toEqual({ version: 'v1.8.4', inProgress: null });
  });

  it('refuses a second deploy while one is in progress for the same service and environment', async () => {
    const { backends, clock } = await demoFixture();
    await backends.deploys.deploy({ service: 'auth', environment: 'production', version: 'v3.3.0', requestedBy: 'U00LEAD' });
    await expect(backends.deploys.deploy({ service: 'auth', environment: 'production', version: 'v3.3.1', requestedBy: 'U00LEAD2' })).rejects.toThrow(/in progress/);
    await expect(backends.deploys.rollback({ service: 'auth', environment: 'production', requestedBy: 'U00LEAD2' })).rejects.toBeInstanceOf(ToolFailure);
    // Another environment is independent.
    await expect(backends.deploys.deploy({ service: 'auth', environment: 'staging', version: 'v3.3.0', requestedBy: 'U00DEV' })).resolves.toMatchObject({ state: 'in_progress' });
    clock.advance(7 * SECOND);
    await expect(backends.deploys.deploy({ service: 'auth', environment: 'production', version: 'v3.3.1', requestedBy: 'U00LEAD2' })).resolves.toMatchObject({ previousVersion: 'v3.3.0' });
  });

  it('lets exactly one of two simultaneous deploys start', async () => {
    const { backends } = await demoFixture();
    const results = await Promise.allSettled([
      backends.deploys.deploy({ service: 'payments', environment: 'production', version: 'v5.2.0', requestedBy: 'U00LEAD' }),
      backends.deploys.deploy({ service: 'payments', environment: 'production', version: 'v5.2.1', requestedBy: 'U00LEAD2' }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(ToolFailure);
  });

  it('refuses to deploy the version already running', async () => {
    const { backends } = await demoFixture();
    await expect(backends.deploys.deploy({ service: 'frontend', environment: 'production', version: 'v2.3.1', requestedBy: 'U00LEAD' })).rejects.toThrow(/already running/);
    // A label without the leading v names the same version.
    await expect(backends.deploys.deploy({ service: 'frontend', environment: 'production', version: '2.3.1', requestedBy: 'U00LEAD' })).rejects.toThrow(/already running/);
  });

  it('rolls back to the previous successful version, or to a named one that ran there', async () => {
    const { backends, clock } = await demoFixture();
    await backends.deploys.deploy({ service: 'frontend', environment: 'production', version: 'v2.4.0', requestedBy: 'U00LEAD' });
    clock.advance(10 * SECOND);
    await backends.deploys.deploy({ service: 'frontend', environment: 'production', version: 'v6.6.6', requestedBy: 'U00LEAD' });
    clock.advance(10 * SECOND);

    const rollback = await backends.deploys.rollback({ service: 'frontend', environment: 'production', requestedBy: 'U00LEAD2' });
    expect(rollback).toMatchObject({ kind: 'rollback', version: 'v2.3.1', previousVersion: 'v2.4.0', state: 'in_progress' });
    clock.advance(10 * SECOND);
    expect((await backends.deploys.current('frontend', 'production')).version).toBe('v2.3.1');

    await expect(backends.deploys.rollback({ service: 'frontend', environment: 'production', toVersion: 'v6.6.6', requestedBy: 'U00LEAD2' })).rejects.toThrow(/never ran successfully/);
    await expect(backends.deploys.rollback({ service: 'frontend', environment: 'production', toVersion: 'v9.9.9', requestedBy: 'U00LEAD2' })).rejects.toBeInstanceOf(ToolFailure);
    await expect(backends.deploys.rollback({ service: 'frontend', environment: 'production', toVersion: 'v2.3.1', requestedBy: 'U00LEAD2' })).rejects.toThrow(/already running/);
    const named = await backends.deploys.rollback({ service: 'frontend', environment: 'production', toVersion: 'v2.2.3', requestedBy: 'U00LEAD2' });
    expect(named).toMatchObject({ version: 'v2.2.3', previousVersion: 'v2.3.1' });
  });

  it('names the known services and environments when given unknown ones', async () => {
    const { backends } = await demoFixture();
    await expect(backends.deploys.current('billing', 'production')).rejects.toThrow(/Unknown service "billing".*frontend, api, auth, payments/);
    await expect(backends.deploys.history('api', 'qa', 5)).rejects.toThrow(/Unknown environment "qa".*staging, production/);
    await expect(backends.deploys.current('API', 'prod')).resolves.toMatchObject({ version: 'v1.8.4' });
  });

  it('is unreachable (a plain error, not a refusal) during a simulated outage', async () => {
    const { backends } = await demoFixture({ config: demoConfigWith({ demo: { outages: ['deploys'] } }) });
    const error = await backends.deploys.current('api', 'production').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ToolFailure);
    expect((error as Error).message).toMatch(/unreachable/);
  });

  describe('on a SQLite file shared by two processes', () => {
    let dataDir: string;
    const stores: Store[] = [];
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('finishes a deploy started by one process when another reads it later', async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'opsbot-demo-'));
      const config = demoConfigWith();
      const firstClock = new TestClock(new Date('2026-11-18T14:00:00Z'));
      const first = await openStore({ dataDir });
      stores.push(first);
      const started = await createDemoBackends({ store: first, config, now: firstClock.now }).deploys.deploy({ service: 'api', environment: 'staging', version: 'v1.9.0', requestedBy: 'U00DEV' });
      const seeded = await createDemoBackends({ store: first, config, now: firstClock.now }).deploys.history('api', undefined, 50);
      await first.close();
      stores.pop();

      const secondClock = new TestClock(new Date('2026-11-18T14:05:00Z'));
      const second = await openStore({ dataDir });
      stores.push(second);
      const later = createDemoBackends({ store: second, config, now: secondClock.now });
      expect(await later.deploys.get(started.id)).toMatchObject({ state: 'succeeded', version: 'v1.9.0' });
      expect((await later.deploys.current('api', 'staging')).version).toBe('v1.9.0');
      // The seed is not redone with the second process's clock: same ids, same times.
      const history = await later.deploys.history('api', undefined, 50);
      expect(history.map((deploy) => [deploy.id, deploy.startedAt])).toEqual(seeded.map((deploy) => [deploy.id, deploy.startedAt]));
    });
  });
});
