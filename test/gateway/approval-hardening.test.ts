import { afterEach, describe, expect, it } from 'vitest';
import { demoConfig } from '../../src/config/demo-config.js';
import type { ActionState } from '../../src/actions/action-state.js';
import type { PendingAction } from '../../src/actions/pending-action.js';
import { testOpsbot } from '../support/test-opsbot.js';

const cli = { frontEnd: 'cli' as const };
const slack = { frontEnd: 'slack' as const, channel: 'C0OPS' };
const opened: Array<{ cleanup(): Promise<void> }> = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.cleanup();
});

async function opsbot(options: Parameters<typeof testOpsbot>[0] = {}) {
  const bot = await testOpsbot(options);
  opened.push(bot);
  const events: Array<[string, ActionState]> = [];
  bot.gateway.onActionChange((action, event) => void events.push([action.id, event]));
  return Object.assign(bot, { events });
}

async function propose(bot: Awaited<ReturnType<typeof opsbot>>, tool: string, args: Record<string, unknown>, actor = 'U00LEAD'): Promise<PendingAction> {
  const outcome = await bot.gateway.call({ tool, args, actor, origin: cli });
  if (outcome.status !== 'pending') throw new Error(`expected a proposal: ${outcome.text}`);
  return outcome.action;
}

async function landDeploy(bot: Awaited<ReturnType<typeof opsbot>>, version: string): Promise<void> {
  const other = await propose(bot, 'deploy', { service: 'frontend', environment: 'production', version }, 'U00LEAD2');
  const ran = await bot.gateway.confirm(other.id, 'U00LEAD', slack);
  expect(ran).toMatchObject({ status: 'executed', action: { state: 'succeeded' } });
}

describe('what was approved is what runs: preconditions', () => {
  it('refuses a deploy whose current version changed since its card, with old and new facts; nothing runs', async () => {
    const bot = await opsbot();
    const stale = await propose(bot, 'deploy', { service: 'frontend', environment: 'production', version: 'v2.4.0' });
    expect(stale.preview).toMatchObject({ current: 'v2.3.1', proposed: 'v2.4.0' });
    expect(stale.preconditions).toEqual({ current: { label: 'frontend in production', value: 'v2.3.1' }, resolved: { label: 'v2.4.0', value: 'demo build v2.4.0' } });
    await landDeploy(bot, 'v2.6.0');

    const outcome = await bot.gateway.confirm(stale.id, 'U00LEAD2', slack);
    expect(outcome.status).toBe('not_pending');
    expect(outcome.text).toContain('frontend in production is now v2.6.0, not v2.3.1 as this card showed');
    expect(outcome.text).toMatch(/was refused when U00LEAD2 approved it because what its card showed had changed; nothing ran\. frontend in production is now v2\.6\.0, not v2\.3\.1 as this card showed\. Ask again/);
    expect(outcome.action).toMatchObject({ state: 'stale', decidedBy: 'U00LEAD2', result: { ok: false } });
    // Nothing ran: v2.6.0 is still there, and no deploy of v2.4.0 was ever started.
    expect((await bot.backends.deploys.current('frontend', 'production')).version).toBe('v2.6.0');
    expect((await bot.backends.deploys.history('frontend', 'production', 10)).map((deploy) => deploy.version)).not.toContain('v2.4.0');
    // The card hears about it (Slack cards listen to these events), and the audit log says why.
    expect(bot.events).toContainEqual([stale.id, 'stale']);
    const audited = (await bot.audit.tail(20)).find((record) => record.actionId === stale.id && record.event === 'stale');
    expect(audited).toMatchObject({ actor: 'U00LEAD2', decision: 'stale', detail: { changed: [{ name: 'current', before: 'v2.3.1', now: 'v2.6.0' }] } });
    // A second click learns it was refused, and why.
    expect((await bot.gateway.confirm(stale.id, 'U00SRE', slack)).text).toContain('is now v2.6.0, not v2.3.1');
  });

  it('refuses a rollback whose starting point and target changed', async () => {
    const bot = await opsbot();
    const rollback = await propose(bot, 'rollback', { service: 'frontend', environment: 'production' });
    const target = rollback.preconditions?.target?.value;
    expect(rollback.preconditions?.current).toEqual({ label: 'frontend in production', value: 'v2.3.1' });
    expect(target).toBe(rollback.preview?.proposed);
    await landDeploy(bot, 'v2.6.0');
    const outcome = await bot.gateway.confirm(rollback.id, 'U00LEAD2', slack);
    expect(outcome.action?.state).toBe('stale');
    expect(outcome.text).toContain('frontend in production is now v2.6.0, not v2.3.1 as this card showed');
    expect(outcome.text).toContain(`the version frontend would roll back to is now v2.3.1, not ${target} as this card showed`);
    expect((await bot.backends.deploys.current('frontend', 'production')).version).toBe('v2.6.0');
  });

  it('runs as usual when the facts still hold', async () => {
    const bot = await opsbot();
    const action = await propose(bot, 'deploy', { service: 'frontend', environment: 'production', version: 'v2.4.0' });
    expect(await bot.gateway.confirm(action.id, 'U00LEAD2', slack)).toMatchObject({ status: 'executed', action: { state: 'succeeded' } });
  });
});

describe('stored arguments are checked against their hash before running', () => {
  it('refuses an action whose args_json was edited in the database, and runs nothing', async () => {
    const bot = await opsbot();
    const action = await propose(bot, 'deploy', { service: 'frontend', environment: 'production', version: 'v2.4.0' });
    await bot.store.db.updateTable('actions').set({ args_json: JSON.stringify({ environment: 'production', service: 'frontend', version: 'v6.6.6' }) }).where('id', '=', action.id).execute();
    const outcome = await bot.gateway.confirm(action.id, 'U00LEAD2', slack);
    expect(outcome.status).toBe('not_pending');
    expect(outcome.text).toMatch(/no longer match the hash recorded when it was proposed.*Nothing ran/);
    expect(outcome.action).toMatchObject({ state: 'failed' });
    expect((await bot.backends.deploys.history('frontend', 'production', 10)).map((deploy) => deploy.version)).not.toContain('v6.6.6');
    expect((await bot.audit.tail(5)).some((record) => record.actionId === action.id && record.decision === 'altered')).toBe(true);
  });

  it('refuses edited preconditions too: they are part of the hash', async () => {
    const bot = await opsbot();
    const action = await propose(bot, 'deploy', { service: 'frontend', environment: 'production', version: 'v2.4.0' });
    await bot.store.db.updateTable('actions').set({ preconditions_json: null }).where('id', '=', action.id).execute();
    expect((await bot.gateway.confirm(action.id, 'U00LEAD2', slack)).action?.state).toBe('failed');
  });
});

describe('approveFrom binds every decision of an approver', () => {
  const onlySlack = { policies: { ...demoConfig.policies, approvals: [{ name: 'production-from-slack', when: ['*:production'], approvers: ['lead'], requesterMayApprove: false, approveFrom: ['slack' as const] }] } };

  it('refuses a reject from the CLI under a rule that accepts only Slack, and takes it from Slack', async () => {
    const bot = await opsbot({ overrides: onlySlack });
    const action = await propose(bot, 'deploy', { service: 'frontend', environment: 'production', version: 'v2.4.0' });
    const fromCli = await bot.gateway.reject(action.id, 'U00LEAD2', cli);
    expect(fromCli.status).toBe('denied');
    expect(fromCli.text).toMatch(/You cannot reject .*accepts approvals only from slack.*not from cli\. It is still pending/);
    expect((await bot.gateway.getAction(action.id))?.state).toBe('proposed');
    expect(await bot.gateway.reject(action.id, 'U00LEAD2', slack)).toMatchObject({ status: 'rejected', action: { state: 'rejected' } });
  });

  it('answers "may this person confirm this, from here?" without changing or auditing anything', async () => {
    const bot = await opsbot({ overrides: onlySlack });
    const action = await propose(bot, 'deploy', { service: 'frontend', environment: 'production', version: 'v2.4.0' });
    const before = (await bot.audit.tail(100)).length;
    expect(await bot.gateway.mayConfirm(action.id, 'U00LEAD2', slack)).toMatchObject({ ok: true });
    expect(await bot.gateway.mayConfirm(action.id, 'U00LEAD2', cli)).toMatchObject({ ok: false, text: expect.stringMatching(/only from slack/) });
    expect(await bot.gateway.mayConfirm(action.id, 'U00LEAD', slack)).toMatchObject({ ok: false, text: expect.stringMatching(/requested this action/) });
    expect(await bot.gateway.mayConfirm('act_0000000000', 'U00LEAD2', slack)).toMatchObject({ ok: false, text: 'No action act_0000000000.' });
    expect((await bot.audit.tail(100)).length).toBe(before);
    expect((await bot.gateway.getAction(action.id))?.state).toBe('proposed');
  });
});

describe('tool input is bounded before anything recursive runs', () => {
  function nested(depth: number): unknown {
    let value: unknown = 'v2.4.0';
    for (let level = 0; level < depth; level++) value = { version: value };
    return value;
  }

  it('answers input nested 100,000 levels deep with a clear invalid result, audited, even for a viewer', async () => {
    const bot = await opsbot();
    const outcome = await bot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'staging', version: nested(100_000) }, actor: 'U00VIEWER', origin: cli });
    expect(outcome).toMatchObject({ status: 'invalid', text: 'invalid arguments for deploy: arguments are nested more than 32 levels deep; nothing ran' });
    const [record] = await bot.audit.tail(1);
    expect(record).toMatchObject({ actor: 'U00VIEWER', event: 'call', tool: 'deploy', decision: 'invalid', detail: { args: { omitted: 'out of bounds' } } });
  });

  it('bounds the number of values too', async () => {
    const bot = await opsbot();
    const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`key${index}`, index]));
    const outcome = await bot.gateway.call({ tool: 'service_status', args: wide, actor: 'U00VIEWER', origin: cli });
    expect(outcome).toMatchObject({ status: 'invalid', text: expect.stringContaining('more than 10000 values') });
  });
});

describe('policy on the tool comes before its schema', () => {
  it('tells a viewer calling a mutating tool with bad arguments that it is denied', async () => {
    const bot = await opsbot();
    const outcome = await bot.gateway.call({ tool: 'deploy', args: { service: 'nope' }, actor: 'U00VIEWER', origin: cli });
    expect(outcome.status).toBe('denied');
    expect(outcome.text).toBe('Refused: U00VIEWER lacks every deploy permission (deploy:staging, deploy:production) (has roles viewer); ask someone who holds it, or an admin to grant it.');
    // Someone who may deploy still learns what is wrong with the arguments.
    expect((await bot.gateway.call({ tool: 'deploy', args: { service: 'nope' }, actor: 'U00DEV', origin: cli })).status).toBe('invalid');
  });
});

describe('not-pending answers name who did what', () => {
  it('says "approved by X and already running", not "already running by X"', async () => {
    const bot = await opsbot();
    const action = await propose(bot, 'deploy', { service: 'frontend', environment: 'production', version: 'v2.4.0' });
    const first = bot.gateway.confirm(action.id, 'U00LEAD2', slack);
    // Wait until it runs, then click again.
    while ((await bot.gateway.getAction(action.id))?.state !== 'running') await new Promise((resolve) => setTimeout(resolve, 10));
    const again = await bot.gateway.confirm(action.id, 'U00SRE', slack);
    expect(again.text).toBe(`${action.id} was approved by U00LEAD2 and is already running; nothing more was done.`);
    await first;
    expect((await bot.gateway.confirm(action.id, 'U00SRE', slack)).text).toBe(`${action.id} was approved by U00LEAD2 and has already succeeded; nothing more was done.`);
  });
});
