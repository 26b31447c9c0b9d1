import { describe, expect, it } from 'vitest';
import { ToolFailure } from '../../../src/errors.js';
import { demoConfigWith, demoFixture } from './demo-fixture.js';

describe('demo paging', () => {
  it('records pages and lists them newest first', async () => {
    const { backends, clock } = await demoFixture();
    const dana = (await backends.oncall.person('dana'))!;
    const sam = (await backends.oncall.person('sam'))!;
    const first = await backends.paging.page({ target: 'team web on-call', recipients: [dana, dana], message: 'frontend is down', requestedBy: 'U00LEAD' });
    expect(first).toMatchObject({ status: 'sent', recipients: [dana], requestedBy: 'U00LEAD' });
    clock.advance(60_000);
    const second = await backends.paging.page({ target: 'Sam', recipients: [sam], message: 'please look at api', requestedBy: 'U00LEAD' });
    expect(second.id).not.toBe(first.id);
    expect((await backends.paging.history(10)).map((page) => page.id)).toEqual([second.id, first.id]);
    expect(await backends.paging.history(1)).toHaveLength(1);
  });

  it('throws an unreachable error during an outage and records no sent page', async () => {
    const { backends } = await demoFixture({ config: demoConfigWith({ demo: { outages: ['paging'] } }) });
    const dana = (await backends.oncall.person('dana'))!;
    const error = await backends.paging.page({ target: 'Dana', recipients: [dana], message: 'help', requestedBy: 'U00LEAD' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ToolFailure);
    expect((error as Error).message).toMatch(/^paging provider unreachable/);
    const history = await backends.paging.history(10);
    expect(history.filter((page) => page.status === 'sent')).toEqual([]);
    expect(history.map((page) => page.status)).toEqual(['failed']);
  });

  it('refuses a page with nobody to reach', async () => {
    const { backends } = await demoFixture();
    await expect(backends.paging.page({ target: 'nobody', recipients: [], message: 'hello', requestedBy: 'U00LEAD' })).rejects.toBeInstanceOf(ToolFailure);
  });
});
