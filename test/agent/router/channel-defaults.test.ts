import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Origin } from '../../../src/actions/origin.js';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { parse } from '../../../src/agent/router/index.js';
import { testConfig, testOpsbot } from '../../support/test-opsbot.js';

const config = testConfig();
// An incident's channel is not in `services[].channels`: its service comes from the front end, per message.
const INCIDENT_CHANNEL = 'C0INC0042';

describe('channel defaults: a service channel and an incident channel', () => {
  it("fills the service in from the service's own channel (services[].channels)", () => {
    expect(parse('/deploy production v2.1.0', config, { channel: 'C0PAYMENTS' })).toEqual({ kind: 'call', tool: 'deploy', args: { service: 'payments', version: 'v2.1.0', environment: 'production' } });
    expect(parse('any alerts?', config, { channel: 'C0AUTH' })).toMatchObject({ kind: 'call', tool: 'alerts_list', args: { service: 'auth' } });
  });

  it("fills the service in from an incident's channel, exactly like a service channel", () => {
    const place = { channel: INCIDENT_CHANNEL, channelService: 'api' };
    expect(parse('/deploy production v2.1.0', config, place)).toEqual({ kind: 'call', tool: 'deploy', args: { service: 'api', version: 'v2.1.0', environment: 'production' } });
    expect(parse('rollback staging', config, place)).toEqual({ kind: 'call', tool: 'rollback', args: { service: 'api', environment: 'staging' } });
    expect(parse('any alerts?', config, place)).toMatchObject({ kind: 'call', tool: 'alerts_list', args: { service: 'api' } });
    // A service the message names still wins, and "all" still asks about every service.
    expect(parse('deploy auth v1.9.0 staging', config, place)).toMatchObject({ args: { service: 'auth' } });
    expect(parse('status all', config, place)).not.toMatchObject({ args: { service: 'api' } });
  });

  it('asks for the service in an incident channel whose incident names none', () => {
    expect(parse('/deploy production v2.1.0', config, { channel: INCIDENT_CHANNEL })).toMatchObject({ kind: 'incomplete', tool: 'deploy', problem: 'Which service? (frontend, api, auth, payments)' });
  });
});

describe('an incident declaration names its service', () => {
  it('from the title, by name or alias', () => {
    expect(parse('incident create api 5xx spike', config)).toEqual({ kind: 'call', tool: 'incident_declare', args: { title: 'api 5xx spike', service: 'api' } });
    // `login` is an alias of auth.
    expect(parse('declare an incident: login page times out', config)).toEqual({ kind: 'call', tool: 'incident_declare', args: { title: 'login page times out', service: 'auth' } });
    expect(parse('declare incident "billing double charges" severity:high', config)).toMatchObject({ args: { service: 'payments', severity: 'high' } });
    expect(parse('インシデントを宣言して：認証できない', config)).toMatchObject({ tool: 'incident_declare', args: { service: 'auth' } });
  });

  it("from the channel it is declared in, unless the title names another; none when neither says", () => {
    expect(parse('incident create db slow', config, { channel: 'C0FRONTEND' })).toMatchObject({ args: { title: 'db slow', service: 'frontend' } });
    expect(parse('incident create api 5xx spike', config, { channel: 'C0FRONTEND' })).toMatchObject({ args: { service: 'api' } });
    expect(parse('incident create db slow', config, { channel: 'C0OPS' })).toEqual({ kind: 'call', tool: 'incident_declare', args: { title: 'db slow' } });
  });
});

describe('CommandRouter with an injected channel lookup', () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  // Stands in for the front end's store: changed between messages, so a cached answer would show.
  const serviceOf = new Map<string, string>();
  let router: CommandRouter;
  const origin: Origin = { frontEnd: 'slack', channel: INCIDENT_CHANNEL, threadTs: '1780000000.000100' };

  beforeAll(async () => {
    opsbot = await testOpsbot();
    router = new CommandRouter(opsbot.gateway, opsbot.config, { channelServices: async (channel) => serviceOf.get(channel) });
  });
  afterAll(async () => opsbot.cleanup());

  it('looks the service up for each message', async () => {
    serviceOf.set(INCIDENT_CHANNEL, 'auth');
    const first = await router.respond({ text: 'deploy production v2.1.0', actor: 'U00LEAD', origin });
    expect(first.actions[0]).toMatchObject({ tool: 'deploy', args: { service: 'auth', version: 'v2.1.0', environment: 'production' } });
    serviceOf.set(INCIDENT_CHANNEL, 'payments');
    const second = await router.respond({ text: 'deploy production v2.1.0', actor: 'U00LEAD', origin });
    expect(second.actions[0]).toMatchObject({ tool: 'deploy', args: { service: 'payments' } });
    serviceOf.delete(INCIDENT_CHANNEL);
    const third = await router.respond({ text: 'deploy production v2.1.0', actor: 'U00LEAD', origin });
    expect(third.actions).toEqual([]);
    expect(third.text).toContain('Which service?');
  });

  it("lets a configured service channel win over the lookup", async () => {
    serviceOf.set('C0API', 'auth');
    const reply = await router.respond({ text: 'deploy staging v2.1.0', actor: 'U00LEAD', origin: { ...origin, channel: 'C0API' } });
    expect(reply.actions[0]).toMatchObject({ tool: 'deploy', args: { service: 'api' } });
  });
});
