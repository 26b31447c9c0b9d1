import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../src/agent/router/command-router.js';
import { startHttpServer } from '../../src/bot/mcp/http-server.js';
import { runShell } from '../../src/bot/shell/run-shell.js';
import { startWebhookReceiver } from '../../src/bot/webhooks/start-webhooks.js';
import { RUN_LEASE_MS } from '../../src/gateway/action-lifecycle.js';
import { startLeaseSweep } from '../../src/gateway/lease-sweep.js';
import type { PendingAction } from '../../src/actions/pending-action.js';
import { testOpsbot } from '../support/test-opsbot.js';

const SWEEP_MS = 20;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * A process was killed mid-deploy and another started at once: the action is `running` with a lease that still
 * looks fresh, so start-up recovery leaves it alone. Only a periodic sweep notices once the lease lapses.
 */
async function interruptedDeploy(overrides: Parameters<typeof testOpsbot>[0] = {}) {
  const clock = { now: new Date('2026-11-21T10:00:00Z') };
  const bot = await testOpsbot({ ...overrides, now: () => clock.now });
  cleanups.push(() => bot.cleanup());
  const proposed = await bot.gateway.call({ tool: 'deploy', args: { service: 'api', environment: 'staging', version: 'v9.9.9' }, actor: 'U00DEV', origin: { frontEnd: 'slack', channel: 'C0OPS', threadTs: '1.0' } });
  if (proposed.status !== 'pending') throw new Error(proposed.text);
  const id = proposed.action.id;
  await bot.store.db.updateTable('actions').set({ state: 'running', decided_by: 'U00DEV', decided_at: clock.now.toISOString(), updated_at: clock.now.toISOString() }).where('id', '=', id).execute();
  expect(await bot.gateway.recoverInterrupted()).toEqual([]);
  const told = new Promise<PendingAction>((resolve) => bot.gateway.onActionChange((action, event) => void (action.id === id && event === 'outcome_unknown' && resolve(action))));
  return { bot, clock, id, told };
}

async function expectSweptAfterLease(scenario: Awaited<ReturnType<typeof interruptedDeploy>>): Promise<void> {
  const { bot, clock, id, told } = scenario;
  await new Promise((resolve) => setTimeout(resolve, SWEEP_MS * 5));
  expect((await bot.gateway.getAction(id))?.state).toBe('running');
  clock.now = new Date(clock.now.getTime() + RUN_LEASE_MS + 1_000);
  const action = await told;
  expect(action).toMatchObject({ id, state: 'outcome_unknown', result: { ok: false, text: expect.stringMatching(/outcome is unknown and it was not retried/) } });
  expect((await bot.audit.tail(5)).some((record) => record.actionId === id && record.event === 'outcome_unknown')).toBe(true);
}

describe('periodic stale-lease sweep', () => {
  it('turns an interrupted action into outcome_unknown within about one lease, and tells listeners', async () => {
    const scenario = await interruptedDeploy();
    const sweep = startLeaseSweep(scenario.bot.gateway, { intervalMs: SWEEP_MS });
    cleanups.push(() => sweep.stop());
    await expectSweptAfterLease(scenario);
  });

  it('runs in the shell', async () => {
    const scenario = await interruptedDeploy();
    const input = new PassThrough();
    const output = new PassThrough();
    output.resume();
    const { bot } = scenario;
    const shell = runShell({ opsbot: bot, responder: new CommandRouter(bot.gateway, bot.config), actor: 'U00DEV', input, output, sweepIntervalMs: SWEEP_MS });
    cleanups.push(async () => {
      input.end();
      await shell;
    });
    await expectSweptAfterLease(scenario);
  });

  it('runs in the MCP HTTP server', async () => {
    const scenario = await interruptedDeploy();
    const mcp = { tokens: [{ token: 'a-long-enough-token-value-0123456789', user: 'U00DEV' }], allowedHosts: ['127.0.0.1'] };
    const server = await startHttpServer({ gateway: scenario.bot.gateway, mcp, port: 0, log: () => undefined, sweepIntervalMs: SWEEP_MS });
    cleanups.push(() => server.close());
    await expectSweptAfterLease(scenario);
  });

  it('runs in the webhook receiver', async () => {
    const scenario = await interruptedDeploy({ overrides: { webhooks: { port: 0 } } });
    const receiver = await startWebhookReceiver(scenario.bot, { env: {}, listen: { host: '127.0.0.1', port: 0 }, sweepIntervalMs: SWEEP_MS, logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
    cleanups.push(() => receiver.stop());
    await expectSweptAfterLease(scenario);
  });
});
