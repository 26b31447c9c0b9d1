import { describe, expect, it } from 'vitest';
import { EventDedupe } from '../../../src/bot/slack/event-dedupe.js';
import { openStore } from '../../../src/store/open-store.js';

describe('EventDedupe', () => {
  it('lets the first delivery of an event id through, even when copies race', async () => {
    const store = await openStore({ memory: true });
    const dedupe = new EventDedupe(store);
    const results = await Promise.all([dedupe.firstDelivery('Ev1'), dedupe.firstDelivery('Ev1'), dedupe.firstDelivery('Ev2')]);
    expect(results.filter(Boolean)).toHaveLength(2);
    expect(await dedupe.firstDelivery('Ev1')).toBe(false);
    await store.close();
  });

  it('forgets old ids when pruned', async () => {
    const store = await openStore({ memory: true });
    let now = new Date('2026-05-01T00:00:00Z');
    const dedupe = new EventDedupe(store, () => now);
    await dedupe.firstDelivery('EvOld');
    now = new Date('2026-05-03T00:00:00Z');
    await dedupe.firstDelivery('EvNew');
    expect(await dedupe.prune()).toBe(1);
    expect(await dedupe.firstDelivery('EvOld')).toBe(true);
    expect(await dedupe.firstDelivery('EvNew')).toBe(false);
    await store.close();
  });
});
