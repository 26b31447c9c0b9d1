import { describe, expect, it } from 'vitest';
import { CachedOnCall } from '../../src/backends/cached-oncall.js';
import { DemoOnCall } from '../../src/backends/demo/demo-oncall.js';
import { ToolFailure } from '../../src/errors.js';
import { KvRepository } from '../../src/store/kv-repository.js';
import { openStore } from '../../src/store/open-store.js';
import { TestClock, demoConfigWith } from './demo/demo-fixture.js';

/** The demo on-call source behind the cache; its outage is switched on and off through its config. */
async function setup() {
  const config = demoConfigWith();
  const clock = new TestClock(new Date('2026-11-18T14:00:00Z'));
  const kv = new KvRepository(await openStore({ memory: true }));
  const source = new DemoOnCall({ kv, config, now: clock.now });
  const outage = (down: boolean) => {
    config.demo.outages = down ? ['oncall'] : [];
  };
  return { cached: new CachedOnCall(source, kv, clock.now), clock, outage };
}

describe('cached on-call', () => {
  it('passes fresh answers through unmarked and fails when the source is down with nothing cached', async () => {
    const { cached, outage } = await setup();
    const fresh = await cached.team('web');
    expect(fresh.stale).toBeUndefined();
    outage(true);
    await expect(cached.team('payments')).rejects.toThrow(/unreachable/);
    await expect(cached.incidentCommander()).rejects.toThrow(/unreachable/);
  });

  it('answers from the cache during an outage, marked stale with when and why', async () => {
    const { cached, clock, outage } = await setup();
    const fresh = await cached.team('web');
    const commander = await cached.incidentCommander();
    const responders = await cached.responders();
    clock.advance(30 * 60_000);
    outage(true);

    const stale = await cached.team('web');
    expect(stale).toMatchObject({ primary: fresh.primary, backup: fresh.backup, until: fresh.until });
    expect(stale.stale).toEqual({ cachedAt: '2026-11-18T14:00:00.000Z', reason: expect.stringMatching(/unreachable/) });
    expect((await cached.incidentCommander()).person).toEqual(commander.person);
    const staleResponders = await cached.responders();
    expect(staleResponders.map((responder) => responder.person.id)).toEqual(responders.map((responder) => responder.person.id));
    expect(staleResponders.every((responder) => responder.stale?.cachedAt === '2026-11-18T14:00:00.000Z')).toBe(true);
    expect(await cached.lastCachedAt('team:web')).toBe('2026-11-18T14:00:00.000Z');

    // Anyone seen in a cached answer can still be found by name for a page.
    expect(await cached.person('priya')).toMatchObject({ id: 'U00PAY1', phone: '+1-555-0108', stale: { cachedAt: '2026-11-18T14:00:00.000Z' } });
    await expect(cached.person('Vic')).rejects.toThrow(/unreachable/);
  });

  it('refreshes the cache with each successful answer', async () => {
    const { cached, clock, outage } = await setup();
    await cached.team('web');
    clock.advance(7 * 86_400_000);
    const nextWeek = await cached.team('web');
    outage(true);
    const stale = await cached.team('web');
    expect(stale.primary.id).toBe(nextWeek.primary.id);
    expect(stale.stale?.cachedAt).toBe('2026-11-25T14:00:00.000Z');
  });

  it('never covers up a refusal from the source with a cached answer', async () => {
    const { cached } = await setup();
    await expect(cached.team('nonexistent')).rejects.toBeInstanceOf(ToolFailure);
  });
});
