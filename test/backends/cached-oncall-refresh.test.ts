import { describe, expect, it } from 'vitest';
import { CachedOnCall } from '../../src/backends/cached-oncall.js';
import { DemoOnCall } from '../../src/backends/demo/demo-oncall.js';
import { KvRepository } from '../../src/store/kv-repository.js';
import { openStore } from '../../src/store/open-store.js';
import { TestClock, demoConfigWith } from './demo/demo-fixture.js';

describe('cached on-call, refreshed in the background', () => {
  it('warms every answer ahead of an outage, and reports what it could not refresh', async () => {
    const config = demoConfigWith();
    const clock = new TestClock(new Date('2026-11-18T14:00:00Z'));
    const kv = new KvRepository(await openStore({ memory: true }));
    const cached = new CachedOnCall(new DemoOnCall({ kv, config, now: clock.now }), kv, clock.now);
    expect(await cached.refresh(['web', 'platform'])).toEqual([]);

    clock.advance(12 * 60_000);
    config.demo.outages = ['oncall'];
    // Never asked for directly, yet answered from the cache the refresh filled.
    const platform = await cached.team('platform');
    expect(platform.stale).toEqual({ cachedAt: '2026-11-18T14:00:00.000Z', reason: expect.stringMatching(/unreachable/) });
    expect((await cached.incidentCommander()).backup).toBeTruthy();
    const failures = await cached.refresh(['web']);
    expect(failures).toEqual([expect.stringMatching(/^incident commander: .*unreachable/), expect.stringMatching(/^team web: /), expect.stringMatching(/^responders: /)]);
    expect(await cached.lastCachedAt('team:web')).toBe('2026-11-18T14:00:00.000Z');
  });
});
