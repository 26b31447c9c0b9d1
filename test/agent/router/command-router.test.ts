import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import type { Origin } from '../../../src/actions/origin.js';
import { renderReply } from '../../../src/bot/presenter/text.js';
import { testOpsbot } from '../../support/test-opsbot.js';

type TestOpsbot = Awaited<ReturnType<typeof testOpsbot>>;
const origin: Origin = { frontEnd: 'test', conversationId: 'test:router' };

describe('CommandRouter through the gateway', () => {
  let opsbot: TestOpsbot;
  let router: CommandRouter;
  // What a person reads: the reply's words, then the card of each proposal (the router returns proposals as data).
  const ask = async (actor: string, text: string) => {
    const reply = await router.respond({ text, actor, origin });
    return { ...reply, text: renderReply(reply) };
  };

  beforeAll(async () => {
    opsbot = await testOpsbot();
    router = new CommandRouter(opsbot.gateway, opsbot.config);
  });
  afterAll(async () => opsbot.cleanup());

  it('answers a viewer\'s load question with figures', async () => {
    const reply = await ask('U00VIEWER', "how's frontend load?");
    expect(reply.offline).toBe(true);
    expect(reply.actions).toEqual([]);
    expect(reply.text).toMatch(/frontend \(production\)/);
    expect(reply.text).toMatch(/requests\s+\d+(\.\d+)?\s+req\/s/);
    expect(reply.text).toMatch(/error rate\s+\d+(\.\d+)?\s+%/);
  });

  it('refuses a developer\'s production deploy with the reason', async () => {
    const reply = await ask('U00DEV', 'deploy frontend v2.4.0 to production');
    expect(reply.actions).toEqual([]);
    expect(reply.text).toMatch(/^Refused: U00DEV lacks deploy:production/);
    expect(await opsbot.gateway.listActions(10, { requester: 'U00DEV' })).toEqual([]);
  });

  it('turns a lead\'s production deploy into a pending action with a card', async () => {
    const reply = await ask('U00LEAD', 'deploy frontend v2.4.0 to production');
    expect(reply.actions).toHaveLength(1);
    const action = reply.actions[0]!;
    expect(action).toMatchObject({ tool: 'deploy', state: 'proposed', requester: 'U00LEAD', args: { service: 'frontend', version: 'v2.4.0', environment: 'production' } });
    expect(reply.text).toContain('Needs confirmation: deploy frontend v2.4.0 to production');
    expect(reply.text).toContain('current v2.3.1 → proposed v2.4.0');
    expect(reply.text).toContain('other than U00LEAD');
    expect(reply.text).toContain(`[confirm ${action.id} | reject ${action.id}]`);
    expect((await opsbot.gateway.getAction(action.id))?.state).toBe('proposed');
  });

  it('asks for the environment of a rollback instead of calling anything', async () => {
    const before = (await opsbot.audit.tail(1))[0]?.seq;
    const reply = await ask('U00LEAD', 'roll back auth');
    expect(reply.text).toMatch(/Which environment\?/);
    expect(reply.text).toContain('Usage: rollback SERVICE in ENVIRONMENT [to VERSION]');
    expect((await opsbot.audit.tail(1))[0]?.seq).toBe(before);
  });

  it('does not ask a viewer for details of a command they may not run', async () => {
    const reply = await ask('U00VIEWER', 'roll back auth');
    expect(reply.text).toBe('You (U00VIEWER) may not use rollback: no role of yours grants it. Type help for what you may run.');
  });

  it('shows the schema message and a usage line for arguments the tool rejects', async () => {
    const reply = await ask('U00LEAD', 'declare incident ab');
    expect(reply.text).toMatch(/invalid arguments for incident_declare: title/);
    expect(reply.text).toContain('Usage: incident create TITLE');
    expect(reply.text).toContain('incident declare "TITLE"');
  });

  it('lists only permitted commands for text it cannot parse', async () => {
    const viewer = await ask('U00VIEWER', 'make me a sandwich');
    expect(viewer.text).toMatch(/^I didn't understand "make me a sandwich"/);
    expect(viewer.text).toContain('status [SERVICE] [ENVIRONMENT]');
    expect(viewer.text).not.toContain('deploy SERVICE VERSION');
    expect(viewer.text).not.toContain('page PERSON');
    const developer = await ask('U00DEV', 'make me a sandwich');
    expect(developer.text).toContain('deploy SERVICE VERSION [to] ENVIRONMENT');
    expect(developer.text).not.toContain('incident declare');
  });

  it('answers every request of a message: the change becomes a proposal, the read runs', async () => {
    const reply = await ask('U00DEV', 'roll back auth in staging, then tell me who is on call for payments');
    expect(reply.actions).toHaveLength(1);
    expect(reply.actions[0]).toMatchObject({ tool: 'rollback', state: 'proposed', args: { service: 'auth', environment: 'staging' } });
    expect(reply.text).toContain('Needs confirmation: roll back auth in staging');
    expect(reply.text).toMatch(/payments/);
    expect((await opsbot.gateway.getAction(reply.actions[0]!.id))?.state).toBe('proposed');
  });

  it('lets the gateway refuse a plain-language request the user may not make', async () => {
    const reply = await ask('U00VIEWER', 'please push auth v3.2.0 to stg');
    expect(reply.actions).toEqual([]);
    expect(reply.text).toMatch(/^Refused: U00VIEWER lacks deploy:staging/);
  });

  it('calls nothing for a question, a refusal or a deploy without an environment', async () => {
    const before = (await opsbot.audit.tail(1))[0]?.seq;
    expect((await ask('U00LEAD', 'who broke prod')).text).toMatch(/^I didn't understand "who broke prod"/);
    expect((await ask('U00LEAD', "don't roll back payments in production")).actions).toEqual([]);
    expect((await ask('U00LEAD', 'frontend v2.4.0 をデプロイして')).text).toMatch(/Which environment\?/);
    expect((await opsbot.audit.tail(1))[0]?.seq).toBe(before);
  });

  it('help lists only what the asker may run', async () => {
    const viewer = await ask('U00VIEWER', 'help');
    expect(viewer.text).toMatch(/^Commands you \(U00VIEWER\) may run:/);
    expect(viewer.text).not.toContain('deploy SERVICE VERSION');
    expect(viewer.text).toContain('deploy list [SERVICE]');
    const lead = await ask('U00LEAD', 'help');
    expect(lead.text).toContain('deploy SERVICE VERSION [to] ENVIRONMENT');
    expect(lead.text).toContain('release publish VERSION');
    const stranger = await ask('U0STRANGER', 'help');
    expect(stranger.text).toMatch(/may not run any commands/);
  });
});
