import { afterEach, describe, expect, it } from 'vitest';
import { DeployLocksRepository } from '../../src/store/deploy-locks-repository.js';
import type { Origin } from '../../src/actions/origin.js';
import { postgresAvailable, postgresFactory, sqliteFactory, type StoreFactory } from '../support/stores.js';
import { testOpsbot } from '../support/test-opsbot.js';

const SHELL: Origin = { frontEnd: 'shell' };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const factories: StoreFactory[] = [sqliteFactory, ...((await postgresAvailable()) ? [postgresFactory] : [])];

describe.each(factories)('deploy locks in the store ($name)', (factory) => {
  it('are seen by a second connection, and a second lock keeps the first', async () => {
    const opened = await factory.open();
    const other = await opened.reopen();
    cleanups.push(opened.cleanup, () => opened.store.close(), () => other.close());
    const first = new DeployLocksRepository(opened.store, () => new Date('2026-11-18T14:00:00Z'));
    const second = new DeployLocksRepository(other);
    expect((await first.lock({ service: 'frontend', environment: 'production', reason: 'migrating db', lockedBy: 'U00LEAD' })).created).toBe(true);
    expect(await second.get('frontend', 'production')).toEqual({ service: 'frontend', environment: 'production', reason: 'migrating db', lockedBy: 'U00LEAD', lockedAt: '2026-11-18T14:00:00.000Z' });
    const again = await second.lock({ service: 'frontend', environment: 'production', reason: 'other', lockedBy: 'U00DEV' });
    expect(again).toMatchObject({ created: false, lock: { reason: 'migrating db', lockedBy: 'U00LEAD' } });
    expect(await second.get('frontend', 'staging')).toBeNull();
    expect((await second.unlock('frontend', 'production'))?.reason).toBe('migrating db');
    expect(await first.get('frontend', 'production')).toBeNull();
    expect(await first.unlock('frontend', 'production')).toBeNull();
  });
});

describe('deploy_lock and deploy_unlock through the gateway (demo deploys)', () => {
  it('refuse deploys and rollbacks while locked, with who, why and since; a lead forcing passes; unlock frees them', async () => {
    const opsbot = await testOpsbot({ onDisk: true });
    // A second process on the same data directory: the lock taken in one is enforced in the other.
    const replica = await testOpsbot({ onDisk: true, dataDir: opsbot.dataDir });
    cleanups.push(() => opsbot.cleanup(), () => replica.cleanup());
    const locking = await opsbot.gateway.call({ tool: 'deploy_lock', args: { service: 'frontend', environment: 'production', reason: 'migrating db' }, actor: 'U00LEAD', origin: SHELL });
    expect(locking.status).toBe('pending');
    if (locking.status !== 'pending') return;
    // `lock:production` is a production permission: the production rule wants a second lead.
    expect((await opsbot.gateway.confirm(locking.action.id, 'U00LEAD', SHELL)).status).toBe('denied');
    expect((await opsbot.gateway.confirm(locking.action.id, 'U00LEAD2', SHELL)).action?.state).toBe('succeeded');
    // A developer holds lock:staging only: they can neither lift the lead's production freeze nor ask for it.
    const lifting = await replica.gateway.call({ tool: 'deploy_unlock', args: { service: 'frontend', environment: 'production' }, actor: 'U00DEV', origin: SHELL });
    expect(lifting.status).toBe('denied');
    expect(lifting.text).toContain('lock:production');
    expect((await replica.gateway.call({ tool: 'deploy_lock', args: { service: 'frontend', environment: 'staging', reason: 'demo day' }, actor: 'U00DEV', origin: SHELL })).status).toBe('pending');

    const refused = await replica.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin: SHELL });
    expect(refused.status).toBe('invalid');
    expect(refused.text).toMatch(/locked: "migrating db" by U00LEAD since \d{4}-/);
    const rollback = await replica.gateway.call({ tool: 'rollback', args: { service: 'frontend', environment: 'production' }, actor: 'U00LEAD', origin: SHELL });
    expect(rollback.text).toContain('locked');
    expect((await replica.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'staging', version: 'v2.4.0' }, actor: 'U00DEV', origin: SHELL })).status).toBe('pending');

    const forced = await replica.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0', force: true }, actor: 'U00LEAD', origin: SHELL });
    expect(forced.status).toBe('pending');
    if (forced.status === 'pending') expect(forced.action.preview?.forced).toContain('"migrating db" by U00LEAD');

    const unlocking = await replica.gateway.call({ tool: 'deploy_unlock', args: { service: 'frontend', environment: 'production' }, actor: 'U00LEAD', origin: SHELL });
    if (unlocking.status !== 'pending') throw new Error(unlocking.text);
    expect((await replica.gateway.confirm(unlocking.action.id, 'U00LEAD2', SHELL)).text).toContain('Unlocked deploys of frontend in production');
    expect((await opsbot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin: SHELL })).status).toBe('pending');
  });

  it('refuses at approval time a deploy proposed before the lock was taken', async () => {
    const opsbot = await testOpsbot();
    cleanups.push(() => opsbot.cleanup());
    const proposed = await opsbot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'staging', version: 'v2.4.0' }, actor: 'U00DEV', origin: SHELL });
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    await opsbot.backends.locks.lock({ service: 'frontend', environment: 'staging', reason: 'freeze', lockedBy: 'U00LEAD' });
    const outcome = await opsbot.gateway.confirm(proposed.action.id, 'U00DEV', SHELL);
    expect(outcome.action?.state).toBe('failed');
    expect(outcome.text).toContain('"freeze" by U00LEAD');
  });
});
