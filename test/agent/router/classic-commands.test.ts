import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRouter, parse } from '../../../src/agent/router/index.js';
import { CLASSIC_ROWS } from '../../support/classic-commands.js';
import { testConfig, testOpsbot } from '../../support/test-opsbot.js';
import { renderReply } from '../../../src/bot/presenter/text.js';

const config = testConfig();

// `!cmd`, `/cmd`, `@opsbot cmd` (typed, or as Slack writes a mention) and plain `cmd` are one command.
const FORMS: Array<(command: string) => string> = [(command) => command, (command) => `!${command}`, (command) => `/${command}`, (command) => `@opsbot ${command}`, (command) => `<@U0BOT> ${command}`];

describe('the classic command set, in every form', () => {
  const cases = CLASSIC_ROWS.flatMap(([command, tool, args]) => FORMS.map((form) => [form(command), tool, args] as const));
  it.each(cases)('"%s" calls %s', (text, tool, args) => {
    expect(parse(text, config)).toEqual({ kind: 'call', tool, args });
  });

  it('asks which release step for a bare `release`, listing both', () => {
    for (const form of FORMS) expect(parse(form('release'), config)).toMatchObject({ kind: 'incomplete', tool: 'release_prepare', problem: expect.stringMatching(/Prepare or publish/) });
  });
});

describe('service names as people say them, and channel defaults', () => {
  it.each([
    ['status auth-service', 'auth'],
    ['status the auth service', 'auth'],
    ['check auth service', 'auth'],
    ['status login', 'auth'],
    ['status billing', 'payments'],
    ['status fe', 'frontend'],
  ])('"%s" is about %s', (text, service) => {
    expect(parse(text, config)).toMatchObject({ kind: 'call', tool: 'service_status', args: { service } });
  });

  it('reads aliases in Japanese script inside a sentence', () => {
    expect(parse('認証の状況を確認して', config)).toMatchObject({ kind: 'call', tool: 'service_status', args: { service: 'auth' } });
    expect(parse('決済の状況を確認して', config)).toMatchObject({ kind: 'call', tool: 'service_status', args: { service: 'payments' } });
  });

  it("leaves the service out in the service's own channel, and asks for it elsewhere", () => {
    expect(parse('/deploy production v2.1.0', config, { channel: 'C0FRONTEND' })).toEqual({ kind: 'call', tool: 'deploy', args: { service: 'frontend', version: 'v2.1.0', environment: 'production' } });
    expect(parse('rollback staging', config, { channel: 'C0API' })).toEqual({ kind: 'call', tool: 'rollback', args: { service: 'api', environment: 'staging' } });
    expect(parse('check', config, { channel: 'C0AUTH' })).toEqual({ kind: 'call', tool: 'service_status', args: { service: 'auth' } });
    const elsewhere = parse('/deploy production v2.1.0', config, { channel: 'C0OPS' });
    expect(elsewhere).toMatchObject({ kind: 'incomplete', tool: 'deploy', problem: 'Which service? (frontend, api, auth, payments)' });
    // A service named outright wins over the channel's.
    expect(parse('deploy api v1.9.0 staging', config, { channel: 'C0FRONTEND' })).toMatchObject({ args: { service: 'api' } });
  });
});

describe('what is not a command', () => {
  it('answers greetings and thanks briefly', () => {
    expect(parse('hi', config)).toMatchObject({ kind: 'chat' });
    expect(parse('thanks!', config)).toEqual({ kind: 'chat', reply: "You're welcome." });
    expect(parse('ありがとう', config)).toMatchObject({ kind: 'chat' });
  });

  it('keeps simple Japanese working', () => {
    expect(parse('リリースよろしく', config)).toEqual({ kind: 'call', tool: 'release_prepare', args: {} });
  });
});

describe('the router answers the table through the gateway', () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  let router: CommandRouter;
  // What a person reads: the reply's words, then the card of each proposal (the router returns proposals as data).
  const ask = async (actor: string, text: string, channel?: string) => {
    const reply = await router.respond({ text, actor, origin: channel ? { frontEnd: 'slack', channel } : { frontEnd: 'test' } });
    return { ...reply, text: renderReply(reply) };
  };

  beforeAll(async () => {
    opsbot = await testOpsbot();
    router = new CommandRouter(opsbot.gateway, opsbot.config);
  });
  afterAll(async () => opsbot.cleanup());

  it('`!ic page` pages the incident commander at once, saying who asked and where', async () => {
    const reply = await ask('U00DEV', '!ic page', 'C0OPS');
    expect(reply.actions).toHaveLength(1);
    expect(reply.actions[0]).toMatchObject({ tool: 'page', args: { target: 'incident_commander', message: 'Paged by Dana Developer (U00DEV) from Slack channel C0OPS.' } });
  });

  it('`!ic page U00DEV` pages that person, not the commander', async () => {
    const reply = await ask('U00SRE', '!ic page U00DEV');
    expect(reply.actions[0]).toMatchObject({ tool: 'page', args: { target: 'person', person: 'U00DEV' } });
    expect(reply.text).toContain('recipients: Dana Developer (U00DEV)');
  });

  it('`/deploy list` is a read a viewer may run, over every service', async () => {
    const reply = await ask('U00VIEWER', '/deploy list');
    expect(reply.actions).toEqual([]);
    expect(reply.text).not.toMatch(/may not/);
    const services = new Set([...reply.text.matchAll(/ (deploy|rollback) (\w+) (staging|production) /g)].map((match) => match[2]));
    expect(services.size).toBeGreaterThan(1);
  });

  it('`status` gives the overall status, `!status stalk` watches it', async () => {
    expect((await ask('U00VIEWER', 'status')).text).toMatch(/^NORMAL: all 4 services in production|^Not NORMAL in production:/);
    expect((await ask('U00VIEWER', '!status stalk')).text).toMatch(/^Watching the overall status/);
    expect((await ask('U00VIEWER', '!status unstalk')).text).toBe('Stopped watching the overall status.');
  });

  it('`/incident create` declares', async () => {
    const reply = await ask('U00LEAD', '/incident create checkout errors spiking');
    expect(reply.actions[0]).toMatchObject({ tool: 'incident_declare', args: { title: 'checkout errors spiking', severity: 'medium' } });
  });

  it('`1.8.2` is the backend\'s `v1.8.2`', async () => {
    const reply = await ask('U00DEV', 'deploy api 1.8.2 to staging');
    expect(reply.text).toMatch(/→ proposed v1\.8\.2/);
  });

  it('reads a typo of a command word as the word, and suggests the closest command this user may run', async () => {
    const corrected = await ask('U00VIEWER', 'depoly list');
    expect(corrected.text).toMatch(/^(?:\w{3} \d+, )?\d{2}:\d{2} UTC \(.+?\) (deploy|rollback) \w+ (staging|production) /);
    expect((await ask('U00VIEWER', 'chek api now')).text).toBe("I didn't understand \"chek api now\". Did you mean `check SERVICE [ENVIRONMENT]`? Type help for what you may run.");
    // A viewer is never pointed at what policy would refuse.
    expect((await ask('U00VIEWER', 'rolbak api now')).text).not.toContain('rollback SERVICE');
    expect((await ask('U00LEAD', 'rolbak api now')).text).toContain('rollback');
  });
});
