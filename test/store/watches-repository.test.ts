import { describe, expect, it } from 'vitest';
import { WatchesRepository } from '../../src/store/watches-repository.js';
import { openStore } from '../../src/store/open-store.js';

describe('watches repository', () => {
  async function repository() {
    const store = await openStore({ memory: true });
    return new WatchesRepository(store, () => new Date('2026-11-18T14:00:00Z'));
  }

  it('adds a watch once per target and conversation, whoever asks there, keeping who started it', async () => {
    const watches = await repository();
    const origin = { frontEnd: 'slack', channel: 'C123', threadTs: '1.2' };
    const first = await watches.add({ target: 'frontend', owner: 'U00DEV', origin, conversation: 'slack:C123', lastStatus: 'NORMAL' });
    expect(first.created).toBe(true);
    expect(first.watch).toMatchObject({ target: 'frontend', owner: 'U00DEV', origin, lastStatus: 'NORMAL', createdAt: '2026-11-18T14:00:00.000Z', checkedAt: '2026-11-18T14:00:00.000Z' });
    const again = await watches.add({ target: 'frontend', owner: 'U00LEAD', origin, conversation: 'slack:C123' });
    expect(again).toEqual({ watch: first.watch, created: false });
    expect((await watches.add({ target: 'frontend', owner: 'U00LEAD', origin, conversation: 'slack:C999' })).created).toBe(true);
    expect((await watches.add({ target: 'api', owner: 'U00DEV', origin, conversation: 'slack:C123' })).created).toBe(true);
    expect(await watches.list()).toHaveLength(3);
    expect((await watches.list('slack:C123')).map((watch) => watch.target).sort()).toEqual(['api', 'frontend']);
  });

  it('removes a watch for anyone in its conversation and says whether there was one', async () => {
    const watches = await repository();
    await watches.add({ target: 'auth', owner: 'U00DEV', origin: null, conversation: 'slack:C1' });
    expect(await watches.remove({ target: 'auth', conversation: 'slack:C2' })).toBe(false);
    expect(await watches.remove({ target: 'auth', conversation: 'slack:C1' })).toBe(true);
    expect(await watches.remove({ target: 'auth', conversation: 'slack:C1' })).toBe(false);
    expect(await watches.list('slack:C1')).toEqual([]);
  });

  it('records the last status, conditionally so only one poller wins a change', async () => {
    const watches = await repository();
    const { watch } = await watches.add({ target: 'payments', owner: 'U00SRE', origin: {}, conversation: 'shell:1' });
    expect(await watches.setLastStatus(watch.id, 'NORMAL', '2026-11-18T14:00:30.000Z', { expected: null })).toBe(true);
    expect(await watches.setLastStatus(watch.id, 'NORMAL', '2026-11-18T14:00:30.000Z', { expected: null })).toBe(false);
    expect(await watches.setLastStatus(watch.id, 'DEGRADED', '2026-11-18T14:01:00.000Z', { expected: 'NORMAL' })).toBe(true);
    expect(await watches.get(watch.id)).toMatchObject({ lastStatus: 'DEGRADED', checkedAt: '2026-11-18T14:01:00.000Z' });
    expect(await watches.setLastStatus(watch.id, 'DEGRADED', '2026-11-18T14:01:30.000Z')).toBe(true);
    expect(await watches.setLastStatus('watch-missing', 'DOWN', '2026-11-18T14:01:30.000Z')).toBe(false);
  });
});
