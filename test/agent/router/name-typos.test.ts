import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRouter, parse } from '../../../src/agent/router/index.js';
import { testConfig, testOpsbot } from '../../support/test-opsbot.js';

const config = testConfig();

describe('router: mistyped names', () => {
  it('takes the one close name for a read, and says so', () => {
    expect(parse('status frontnd', config)).toEqual({ kind: 'call', tool: 'service_status', args: { service: 'frontend' }, note: 'Taking "frontnd" as frontend.' });
    expect(parse('alerts prodution', config)).toEqual({ kind: 'call', tool: 'alerts_list', args: { environment: 'production' }, note: 'Taking "prodution" as production.' });
    expect(parse("hows frontned load?", config)).toMatchObject({ kind: 'call', tool: 'service_metrics', args: { service: 'frontend' }, note: 'Taking "frontned" as frontend.' });
    expect(parse('who is on call for platfrm', config)).toMatchObject({ kind: 'call', tool: 'oncall', args: { team: 'platform' } });
  });

  it('never guesses for a change: it asks "did you mean …?"', () => {
    expect(parse('deploy api v1.9.0 to stagign', config)).toEqual({ kind: 'incomplete', tool: 'deploy', args: { service: 'api', version: 'v1.9.0' }, problem: 'I don\'t know "stagign": did you mean staging?' });
    expect(parse('rollback frontnd in production', config)).toMatchObject({ kind: 'incomplete', tool: 'rollback', problem: 'I don\'t know "frontnd": did you mean frontend?' });
    expect(parse('please ship frontnd v2.4.0 to staging', config)).toMatchObject({ kind: 'incomplete', tool: 'deploy', problem: expect.stringContaining('did you mean frontend?') });
  });

  it('leaves words that are close to no name, or far from every one, as unknown', () => {
    expect(parse('status ../../etc/passwd', config)).toMatchObject({ kind: 'incomplete', tool: 'service_status', problem: expect.stringContaining('I don\'t know "../../etc/passwd" (services: frontend, api, auth, payments') });
    expect(parse('status fronted-thing', config)).toMatchObject({ kind: 'incomplete', tool: 'service_status' });
  });
});

describe('router: mistyped names, through the gateway', () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  let router: CommandRouter;

  beforeAll(async () => {
    opsbot = await testOpsbot();
    router = new CommandRouter(opsbot.gateway, opsbot.config);
  });
  afterAll(async () => opsbot.cleanup());

  it('answers a read about the name it took, first saying which', async () => {
    const reply = await router.respond({ text: 'status frontnd', actor: 'U00VIEWER', origin: { frontEnd: 'test' } });
    expect(reply.text).toMatch(/^Taking "frontnd" as frontend\.\nfrontend \(production\) /);
  });

  it('proposes nothing for a mistyped deploy environment', async () => {
    const reply = await router.respond({ text: 'deploy api v1.9.0 to stagign', actor: 'U00DEV', origin: { frontEnd: 'test' } });
    expect(reply.actions).toEqual([]);
    expect(reply.text).toMatch(/^I don't know "stagign": did you mean staging\?/);
    expect(await opsbot.gateway.listActions(10)).toEqual([]);
  });
});
