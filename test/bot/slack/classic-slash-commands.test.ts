import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSIC_ROWS } from '../../support/classic-commands.js';
import { CHANNEL, slackHarness, type SlackHarness } from './slack-harness.js';

// Every row of the classic command table as a signed slash command: `/ic page U00DEV`, `/deploy list`, …
describe('the classic command set as Slack slash commands', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await slackHarness();
  });
  afterAll(async () => h.close());

  async function slash(typed: string, user: string, channel = CHANNEL) {
    const [name, ...rest] = typed.split(' ');
    const response = await h.sender.command({ command: `/${name}`, text: rest.join(' '), userId: user, channelId: channel, responseUrl: h.fake.responseUrl(name!) });
    expect(response.status).toBe(200);
    await h.frontEnd.idle();
    const calls = (await h.opsbot.audit.search({ limit: 10_000 })).filter((record) => record.event === 'call');
    return calls[calls.length - 1];
  }

  it.each(CLASSIC_ROWS)('/%s calls %s', async (typed, tool, args) => {
    const before = (await h.opsbot.audit.tail(1))[0]?.seq ?? 0;
    const call = await slash(typed, 'U00LEAD');
    expect(call?.seq).toBeGreaterThan(before);
    expect(call).toMatchObject({ tool, actor: 'U00LEAD' });
    expect(call?.args).toMatchObject(args);
  });

  it("leaves the service out in the service's own channel", async () => {
    const call = await slash('deploy production v2.1.0', 'U00LEAD', 'C0FRONTEND');
    expect(call).toMatchObject({ tool: 'deploy', args: { service: 'frontend', version: 'v2.1.0', environment: 'production' } });
  });

  it('asks for a missing service elsewhere, privately, listing the choices', async () => {
    const before = (await h.opsbot.audit.tail(1))[0]?.seq;
    await h.sender.command({ command: '/deploy', text: 'production v2.1.0', userId: 'U00LEAD', channelId: CHANNEL, responseUrl: h.fake.responseUrl('deploy') });
    await h.frontEnd.idle();
    const replies = h.fake.callsOf('response_url').map((call) => call.args);
    expect(replies[replies.length - 1]).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Which service? (frontend, api, auth, payments)') });
    expect((await h.opsbot.audit.tail(1))[0]?.seq).toBe(before);
  });

  it('lets a viewer run /deploy list, a read', async () => {
    const call = await slash('deploy list', 'U00VIEWER');
    expect(call).toMatchObject({ tool: 'deploy_history', actor: 'U00VIEWER', decision: 'allow' });
  });
});
