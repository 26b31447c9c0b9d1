import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../src/config/demo-config.js';
import type { FakePagerDuty } from '../support/fake-pagerduty-server.js';
import { testOpsbot } from '../support/test-opsbot.js';
import { pagerDutyOverrides, startFakePagerDuty, TOKEN } from '../backends/pagerduty/pagerduty-fixture.js';

const origin = { frontEnd: 'test' as const, conversationId: 'page-respond-test' };

/** A developer whose people entry has no email (no PagerDuty login) next to one who has it. */
describe('page_respond acts only as the responder', () => {
  let peer: FakePagerDuty;
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;

  beforeAll(async () => {
    peer = await startFakePagerDuty();
    const overrides = pagerDutyOverrides(peer.url);
    const { email: _email, ...withoutEmail } = demoConfig.people!.U00DEV!;
    opsbot = await testOpsbot({ overrides: { ...overrides, people: { ...overrides.people, U00DEV: withoutEmail } }, env: { PAGERDUTY_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await opsbot?.cleanup();
    await peer?.stop();
  });

  it('is refused before anyone confirms for a responder with no PagerDuty identity, naming the missing people mapping', async () => {
    const outcome = await opsbot.gateway.call({ tool: 'page_respond', args: { page: 'PT4KHLK', action: 'acknowledge' }, actor: 'U00DEV', origin });
    expect(outcome.status).toBe('invalid');
    expect(outcome.text).toContain('people.U00DEV.email');
    expect(outcome.text).toContain('nothing was sent');
    expect(peer.requests.filter((request) => request.method === 'PUT')).toEqual([]);
  });

  it('the adapter itself refuses to act as the bot, whoever calls it', async () => {
    await expect(opsbot.backends.paging.respond!({ id: 'PT4KHLK', action: 'resolve', by: 'U00DEV' })).rejects.toThrow(/people\.U00DEV\.email/);
    expect(peer.requests.filter((request) => request.method === 'PUT')).toEqual([]);
  });

  it('is proposed as usual for a responder whose PagerDuty login is known', async () => {
    const outcome = await opsbot.gateway.call({ tool: 'page_respond', args: { page: 'PT4KHLK', action: 'acknowledge' }, actor: 'U00LEAD', origin });
    expect(outcome.status).toBe('pending');
  });
});
