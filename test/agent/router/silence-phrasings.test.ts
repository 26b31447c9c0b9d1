import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRouter, parse } from '../../../src/agent/router/index.js';
import { testConfig, testOpsbot } from '../../support/test-opsbot.js';

const config = testConfig();

describe('router: silences and their end', () => {
  it('reads unsilence by alert (and service) or by silence id, in English and Japanese', () => {
    expect(parse('unsilence HighErrorRate api', config)).toEqual({ kind: 'call', tool: 'alert_unsilence', args: { alert: 'HighErrorRate', service: 'api' } });
    expect(parse('/alerts unsilence silence-3', config)).toEqual({ kind: 'call', tool: 'alert_unsilence', args: { silence_id: 'silence-3' } });
    expect(parse('alerts unmute 5f0c1a2b-1111-2222-3333-444455556666', config)).toEqual({ kind: 'call', tool: 'alert_unsilence', args: { silence_id: '5f0c1a2b-1111-2222-3333-444455556666' } });
    expect(parse('please lift the silence on HighLatency for payments', config)).toEqual({ kind: 'call', tool: 'alert_unsilence', args: { alert: 'HighLatency', service: 'payments' } });
    expect(parse('apiのHighErrorRateのミュートを解除して', config)).toEqual({ kind: 'call', tool: 'alert_unsilence', args: { alert: 'HighErrorRate', service: 'api' } });
    expect(parse('unsilence', config)).toMatchObject({ kind: 'incomplete', tool: 'alert_unsilence', problem: expect.stringMatching(/Which silence/) });
  });

  it('asks only for the alert of a silence: the reason may be left out', () => {
    expect(parse('silence HighErrorRate for api 30m', config)).toEqual({ kind: 'call', tool: 'alert_silence', args: { alert: 'HighErrorRate', service: 'api', duration_minutes: 30 } });
    expect(parse('silence for an hour', config)).toMatchObject({ kind: 'incomplete', tool: 'alert_silence', problem: expect.stringMatching(/Which alert/) });
    expect(parse('silence api 30m', config)).toMatchObject({ kind: 'incomplete', tool: 'alert_silence', args: { service: 'api' }, problem: expect.stringMatching(/Which alert/) });
  });
});

describe('router: a silence without a reason, through the gateway', () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  let router: CommandRouter;

  beforeAll(async () => {
    opsbot = await testOpsbot();
    router = new CommandRouter(opsbot.gateway, opsbot.config);
  });
  afterAll(async () => opsbot.cleanup());

  it('proposes it with a comment naming who silenced it', async () => {
    const reply = await router.respond({ text: 'silence HighErrorRate for api 30m', actor: 'U00SRE', origin: { frontEnd: 'test' } });
    expect(reply.actions).toHaveLength(1);
    expect(reply.actions[0]).toMatchObject({ tool: 'alert_silence', args: { alert: 'HighErrorRate', service: 'api', duration_minutes: 30, comment: 'silenced from opsbot by Sam Reliability (U00SRE)' } });
  });

  it('keeps a reason that was given', async () => {
    const reply = await router.respond({ text: 'silence HighErrorRate for api 30m flapping', actor: 'U00SRE', origin: { frontEnd: 'test' } });
    expect(reply.actions[0]).toMatchObject({ args: { comment: 'flapping' } });
  });
});
