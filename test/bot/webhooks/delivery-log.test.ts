import { describe, expect, it } from 'vitest';
import { DeliveryLog } from '../../../src/bot/webhooks/delivery-log.js';
import { validateConfig } from '../../../src/app/validate-config.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { postgresAvailable, postgresFactory, sqliteFactory } from '../../support/stores.js';

const postgres = await postgresAvailable();

describe.each([sqliteFactory, ...(postgres ? [postgresFactory] : [])])('webhook delivery log on $name', (factory) => {
  it('lets the first of concurrent deliveries of a key through, across connections, and prunes after retention', async () => {
    const opened = await factory.open();
    const other = await opened.reopen();
    try {
      let now = new Date('2026-12-01T10:00:00Z');
      const first = new DeliveryLog(opened.store, undefined, () => now);
      const replica = new DeliveryLog(other, undefined, () => now);
      const results = await Promise.all([first.firstDelivery('github', 'd-1'), replica.firstDelivery('github', 'd-1'), first.firstDelivery('github', 'd-1')]);
      expect(results.filter(Boolean)).toHaveLength(1);
      // The same key from another source is another delivery.
      expect(await replica.firstDelivery('alertmanager', 'd-1')).toBe(true);
      await first.record('github', 'd-1', { outcome: 'unrouted', detail: 'no route' });
      expect(await replica.withOutcome('github', 'unrouted')).toMatchObject([{ key: 'd-1', detail: 'no route' }]);
      now = new Date('2026-12-09T10:00:00Z');
      expect(await first.prune()).toBe(2);
      expect(await replica.firstDelivery('github', 'd-1')).toBe(true);
      expect(await first.reachable()).toBe(true);
    } finally {
      await other.close();
      await opened.store.close();
      await opened.cleanup();
    }
  });
});

describe('webhook and notification config', () => {
  const valid = { webhooks: { port: 8081, alertmanager: { token: 'env:AM_TOKEN' }, github: { secret: 'env:GH_SECRET' } }, notifications: { routes: [{ match: { team: 'web' }, channel: 'C0WEB' }], defaultChannel: 'C0OPS' } };

  it('validates without the secrets being set, with host defaulting to loopback and critical mentions on', () => {
    const config = validateConfig({ ...demoConfig, ...valid });
    expect(config.webhooks).toMatchObject({ host: '127.0.0.1', port: 8081 });
    expect(config.notifications.mentionOnCall).toEqual(['critical']);
  });

  it('refuses a literal secret and unknown keys, with their paths', () => {
    expect(() => validateConfig({ ...demoConfig, webhooks: { port: 1, github: { secret: 'literal-secret' } } })).toThrow(/webhooks\.github\.secret/);
    expect(() => validateConfig({ ...demoConfig, webhooks: { ...valid.webhooks, prot: 1 } })).toThrow(/prot/);
    expect(() => validateConfig({ ...demoConfig, notifications: { routes: [{ match: { servce: 'api' }, channel: 'C1' }] } })).toThrow(/servce/);
  });
});
