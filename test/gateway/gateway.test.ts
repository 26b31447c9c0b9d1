import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.js';
import { verifyChain } from '../../src/audit/verify-chain.js';
import { countingDeployTool, echoStatusTool } from '../support/counting-tools.js';
import { gatewayHarness } from '../support/gateway-harness.js';
import { testConfig } from '../support/test-config.js';
import { postgresAvailable, postgresFactory, sqliteFactory } from '../support/stores.js';

const shell = { frontEnd: 'test' as const };
const hasPostgres = await postgresAvailable();
const stores: Array<{ close(): Promise<void> }> = [];
async function memoryStore(): Promise<Store> {
  const store = await openStore({ memory: true });
  stores.push(store);
  return store;
}
afterEach(async () => {
  while (stores.length) await stores.pop()!.close();
});

describe('gateway: reads, refusals and validation', () => {
  it('runs a permitted read at once and audits decision and result', async () => {
    const { gateway, audit } = gatewayHarness(await memoryStore(), [echoStatusTool]);
    const outcome = await gateway.call({ tool: 'service_status', args: { service: 'frontend' }, actor: 'U00VIEWER', origin: shell });
    expect(outcome).toMatchObject({ status: 'ok', text: 'frontend NORMAL' });
    const records = await audit.tail(10);
    expect(records.map((record) => [record.event, record.decision])).toEqual([
      ['call', 'allow'],
      ['result', 'ok'],
    ]);
  });

  it('denies an unknown user by default, with a reason', async () => {
    const { gateway } = gatewayHarness(await memoryStore(), [echoStatusTool]);
    const outcome = await gateway.call({ tool: 'service_status', args: { service: 'frontend' }, actor: 'U99NOBODY', origin: shell });
    expect(outcome.status).toBe('denied');
    expect(outcome.text).toContain('U99NOBODY lacks read:status');
  });

  it('rejects bad arguments and unknown tools with a clear message, running nothing', async () => {
    const { tool, runs } = countingDeployTool();
    const { gateway } = gatewayHarness(await memoryStore(), [tool]);
    const bad = await gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'prod', version: 'v1' }, actor: 'U00LEAD', origin: shell });
    expect(bad.status).toBe('invalid');
    expect(bad.text).toMatch(/environment/);
    const unknown = await gateway.call({ tool: 'drop_database', args: {}, actor: 'U00LEAD', origin: shell });
    expect(unknown).toMatchObject({ status: 'invalid', text: 'unknown tool "drop_database"' });
    expect(runs).toHaveLength(0);
  });
});

describe('gateway: pending actions', () => {
  it('turns a mutation into a stored proposal with canonical args and hash, and runs nothing', async () => {
    const { tool, runs } = countingDeployTool();
    const { gateway } = gatewayHarness(await memoryStore(), [tool]);
    const outcome = await gateway.call({ tool: 'deploy', args: { version: 'v2.4.0', environment: 'production', service: 'frontend' }, actor: 'U00LEAD', origin: shell });
    expect(outcome.status).toBe('pending');
    if (outcome.status !== 'pending') return;
    const action = outcome.action;
    expect(Object.keys(action.args)).toEqual(['environment', 'service', 'version']);
    expect(action.argsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(action.approval).toMatchObject({ rule: 'production-needs-another-lead', roles: ['lead'], requesterMayApprove: false });
    expect(new Date(action.expiresAt).getTime() - new Date(action.createdAt).getTime()).toBe(15 * 60_000);
    expect(runs).toHaveLength(0);
    expect(await gateway.getAction(action.id)).toMatchObject({ state: 'proposed' });
  });

  it('refuses a confirm by the requester or an unauthorised user and leaves the action pending', async () => {
    const { tool, runs } = countingDeployTool();
    const { gateway } = gatewayHarness(await memoryStore(), [tool]);
    const outcome = await gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin: shell });
    if (outcome.status !== 'pending') throw new Error('expected pending');
    const self = await gateway.confirm(outcome.action.id, 'U00LEAD', shell);
    expect(self.status).toBe('denied');
    expect(self.text).toContain('needs someone else');
    const developer = await gateway.confirm(outcome.action.id, 'U00DEV', shell);
    expect(developer.status).toBe('denied');
    expect(developer.text).toContain('lacks deploy:production');
    const viewerReject = await gateway.reject(outcome.action.id, 'U00VIEWER', shell);
    expect(viewerReject.status).toBe('denied');
    expect(runs).toHaveLength(0);
    expect((await gateway.getAction(outcome.action.id))?.state).toBe('proposed');

    const approved = await gateway.confirm(outcome.action.id, 'U00LEAD2', shell);
    expect(approved.status).toBe('executed');
    expect(approved.action).toMatchObject({ state: 'succeeded', decidedBy: 'U00LEAD2' });
    expect(runs).toHaveLength(1);
  });

  it('re-checks against the policy in force at approval time, not the one at proposal time', async () => {
    const store = await memoryStore();
    const { tool, runs } = countingDeployTool();
    const before = gatewayHarness(store, [tool]);
    const first = await before.gateway.call({ tool: 'deploy', args: { service: 'api', environment: 'staging', version: 'v2' }, actor: 'U00DEV', origin: shell });
    const second = await before.gateway.call({ tool: 'deploy', args: { service: 'api', environment: 'staging', version: 'v3' }, actor: 'U00DEV', origin: shell });
    if (first.status !== 'pending' || second.status !== 'pending') throw new Error('expected pending');
    const base = testConfig().policies;
    // The developer loses staging deploys.
    const demoted = gatewayHarness(store, [tool], undefined, testConfig({ policies: { ...base, roles: { ...base.roles, developer: ['read:*'] } } }));
    const refused = await demoted.gateway.confirm(first.action.id, 'U00LEAD', shell);
    expect(refused.status).toBe('denied');
    expect(refused.text).toContain('can no longer be approved: under the current policy U00DEV lacks deploy:staging');
    // Staging now needs a lead other than the requester, so self-approval stops working.
    const stricter = gatewayHarness(store, [tool], undefined, testConfig({ policies: { ...base, approvals: [{ name: 'everything-needs-a-lead', when: ['*:*'], approvers: ['lead'], requesterMayApprove: false }] } }));
    expect((await stricter.gateway.confirm(second.action.id, 'U00DEV', shell)).status).toBe('denied');
    expect((await stricter.gateway.confirm(second.action.id, 'U00LEAD', shell)).status).toBe('executed');
    expect(runs).toEqual([{ environment: 'staging', service: 'api', version: 'v3' }]);
  });

  it('accepts approvals only from the front ends a rule names (a CLI --as is not a verified identity)', async () => {
    const { tool, runs } = countingDeployTool();
    const base = testConfig().policies;
    const strict = testConfig({ policies: { ...base, approvals: [{ ...base.approvals[0]!, approveFrom: ['slack'] }] } });
    const { gateway } = gatewayHarness(await memoryStore(), [tool], undefined, strict);
    const outcome = await gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin: shell });
    if (outcome.status !== 'pending') throw new Error('expected pending');
    expect(outcome.action.approval.summary).toContain('approving in slack');
    const fromCli = await gateway.confirm(outcome.action.id, 'U00LEAD2', { frontEnd: 'cli' });
    expect(fromCli.status).toBe('denied');
    expect(fromCli.text).toContain('accepts approvals only from slack');
    expect(runs).toHaveLength(0);
    expect((await gateway.confirm(outcome.action.id, 'U00LEAD2', { frontEnd: 'slack' })).status).toBe('executed');
    expect(runs).toHaveLength(1);
  });

  it('lets a developer confirm their own staging deploy (self-approval where policy allows)', async () => {
    const { tool, runs } = countingDeployTool();
    const { gateway } = gatewayHarness(await memoryStore(), [tool]);
    const outcome = await gateway.call({ tool: 'deploy', args: { service: 'api', environment: 'staging', version: 'v1.9.0' }, actor: 'U00DEV', origin: shell });
    if (outcome.status !== 'pending') throw new Error('expected pending');
    expect((await gateway.confirm(outcome.action.id, 'U00DEV', shell)).status).toBe('executed');
    expect(runs).toEqual([{ environment: 'staging', service: 'api', version: 'v1.9.0' }]);
  });

  it('executes exactly once when confirms race', async () => {
    const { tool, runs } = countingDeployTool({ delayMs: 30 });
    const { gateway } = gatewayHarness(await memoryStore(), [tool]);
    const outcome = await gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin: shell });
    if (outcome.status !== 'pending') throw new Error('expected pending');
    const results = await Promise.all([1, 2, 3, 4].map(() => gateway.confirm(outcome.action.id, 'U00LEAD2', shell)));
    expect(results.filter((result) => result.status === 'executed')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'not_pending')).toHaveLength(3);
    expect(runs).toHaveLength(1);
  });

  // Two replicas sharing PostgreSQL. (Two SQLite connections in one process would block each other's
  // thread; separate processes on SQLite are covered by the CLI tests.)
  it.skipIf(!hasPostgres)('executes exactly once when two gateways (two replicas) on one database race', async () => {
    const opened = await postgresFactory.open();
    const second = await opened.reopen();
    try {
      const first = countingDeployTool({ delayMs: 20 });
      const other = countingDeployTool({ delayMs: 20 });
      const a = gatewayHarness(opened.store, [first.tool]);
      const b = gatewayHarness(second, [other.tool]);
      const outcome = await a.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin: shell });
      if (outcome.status !== 'pending') throw new Error('expected pending');
      const results = await Promise.all([a.gateway.confirm(outcome.action.id, 'U00LEAD2', shell), b.gateway.confirm(outcome.action.id, 'U00LEAD2', shell)]);
      expect(results.map((result) => result.status).sort()).toEqual(['executed', 'not_pending']);
      expect(first.runs.length + other.runs.length).toBe(1);
    } finally {
      await second.close();
      await opened.store.close();
      await opened.cleanup();
    }
  });

  it('refuses to run an expired action', async () => {
    const { tool, runs } = countingDeployTool();
    const { gateway, clock } = gatewayHarness(await memoryStore(), [tool]);
    const outcome = await gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin: shell });
    if (outcome.status !== 'pending') throw new Error('expected pending');
    clock.now = new Date(clock.now.getTime() + 15 * 60_000 + 1);
    const late = await gateway.confirm(outcome.action.id, 'U00LEAD2', shell);
    expect(late.status).toBe('not_pending');
    expect(late.text).toContain('expired');
    expect(runs).toHaveLength(0);
    expect((await gateway.getAction(outcome.action.id))?.state).toBe('expired');
  });

  it('rejects, and a rejected action cannot be confirmed afterwards', async () => {
    const { tool, runs } = countingDeployTool();
    const { gateway } = gatewayHarness(await memoryStore(), [tool]);
    const outcome = await gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin: shell });
    if (outcome.status !== 'pending') throw new Error('expected pending');
    expect((await gateway.reject(outcome.action.id, 'U00LEAD2', shell)).status).toBe('rejected');
    const after = await gateway.confirm(outcome.action.id, 'U00LEAD2', shell);
    expect(after).toMatchObject({ status: 'not_pending' });
    expect(after.text).toContain('already rejected by U00LEAD2');
    expect(runs).toHaveLength(0);
  });

  it('records a failed run with a redacted reason', async () => {
    const { tool } = countingDeployTool({ fail: true });
    const { gateway, audit } = gatewayHarness(await memoryStore(), [tool]);
    const outcome = await gateway.call({ tool: 'deploy', args: { service: 'api', environment: 'staging', version: 'v1' }, actor: 'U00DEV', origin: shell });
    if (outcome.status !== 'pending') throw new Error('expected pending');
    const result = await gateway.confirm(outcome.action.id, 'U00DEV', shell);
    expect(result.action?.state).toBe('failed');
    expect(result.text).not.toContain('xoxb-123456789-secret');
    expect(result.text).toContain('[REDACTED]');
    expect(JSON.stringify(await audit.tail(20))).not.toContain('xoxb-123456789-secret');
  });

  it('after a crash marks a running action outcome_unknown and never re-runs it', async () => {
    const opened = await sqliteFactory.open();
    try {
      const { tool, runs } = countingDeployTool({ hang: true });
      const before = gatewayHarness(opened.store, [tool]);
      const outcome = await before.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin: shell });
      if (outcome.status !== 'pending') throw new Error('expected pending');
      // The "crash": confirm starts the run, and the process dies before it finishes (we never await it).
      void before.gateway.confirm(outcome.action.id, 'U00LEAD2', shell);
      await expect.poll(async () => (await before.actions.get(outcome.action.id))?.state).toBe('running');

      const restarted = await opened.reopen();
      const after = countingDeployTool();
      // Just after the start, the run still holds its lease: a live process may be running it.
      const tooSoon = gatewayHarness(restarted, [after.tool], { now: new Date('2026-11-21T10:00:30Z') });
      expect(await tooSoon.gateway.recoverInterrupted()).toEqual([]);
      // Past the lease with no heartbeat, the process is taken to be gone.
      const recovered = gatewayHarness(restarted, [after.tool], { now: new Date('2026-11-21T10:01:01Z') });
      const changed = await recovered.gateway.recoverInterrupted();
      expect(changed.map((action) => [action.id, action.state])).toEqual([[outcome.action.id, 'outcome_unknown']]);
      expect(after.runs).toHaveLength(0);
      expect(runs).toHaveLength(1);
      const again = await recovered.gateway.confirm(outcome.action.id, 'U00LEAD2', shell);
      expect(again.status).toBe('not_pending');
      expect(after.runs).toHaveLength(0);
      const verdict = verifyChain(await recovered.audit.rows(), await recovered.audit.head());
      expect(verdict.ok).toBe(true);
      await restarted.close();
    } finally {
      await opened.store.close().catch(() => undefined);
      await opened.cleanup();
    }
  });

  it('leaves alone an action another live process is running, and records its real outcome', async () => {
    const opened = await sqliteFactory.open();
    try {
      const slow = countingDeployTool({ delayMs: 300 });
      const running = gatewayHarness(opened.store, [slow.tool]);
      const outcome = await running.gateway.call({ tool: 'deploy', args: { service: 'api', environment: 'staging', version: 'v2' }, actor: 'U00DEV', origin: shell });
      if (outcome.status !== 'pending') throw new Error('expected pending');
      const confirming = running.gateway.confirm(outcome.action.id, 'U00DEV', shell);
      await expect.poll(async () => (await running.actions.get(outcome.action.id))?.state).toBe('running');
      // Another process starts meanwhile (a CLI command opening the same store) and runs recovery.
      const other = gatewayHarness(opened.store, [countingDeployTool().tool], { now: new Date('2026-11-21T10:00:05Z') });
      expect(await other.gateway.recoverInterrupted()).toEqual([]);
      expect((await confirming).action).toMatchObject({ state: 'succeeded' });
      expect(slow.runs).toHaveLength(1);
    } finally {
      await opened.store.close();
      await opened.cleanup();
    }
  });

  it('lets a late real outcome replace outcome_unknown when a stalled run finishes after recovery', async () => {
    const slow = countingDeployTool({ delayMs: 200 });
    const store = await memoryStore();
    const running = gatewayHarness(store, [slow.tool]);
    const outcome = await running.gateway.call({ tool: 'deploy', args: { service: 'api', environment: 'staging', version: 'v2' }, actor: 'U00DEV', origin: shell });
    if (outcome.status !== 'pending') throw new Error('expected pending');
    const confirming = running.gateway.confirm(outcome.action.id, 'U00DEV', shell);
    await expect.poll(async () => (await running.actions.get(outcome.action.id))?.state).toBe('running');
    const later = gatewayHarness(store, [countingDeployTool().tool], { now: new Date('2026-11-21T10:05:00Z') });
    expect((await later.gateway.recoverInterrupted()).map((action) => action.state)).toEqual(['outcome_unknown']);
    expect((await confirming).action).toMatchObject({ state: 'succeeded' });
    const events = (await running.audit.search({ actionId: outcome.action.id, limit: 20 })).map((record) => record.event);
    expect(events.slice(-2)).toEqual(['outcome_unknown', 'succeeded']);
  });

  it('stores a state change and its audit record together, or neither', async () => {
    const store = await memoryStore();
    const { tool, runs } = countingDeployTool();
    const { gateway, actions, audit } = gatewayHarness(store, [tool]);
    const outcome = await gateway.call({ tool: 'deploy', args: { service: 'api', environment: 'staging', version: 'v2' }, actor: 'U00DEV', origin: shell });
    if (outcome.status !== 'pending') throw new Error('expected pending');
    // The audit store fails exactly when the approval is written (a full disk, a lost connection).
    const append = audit.append.bind(audit);
    audit.append = async (entry, executor) => {
      if (entry.event === 'approved') throw new Error('disk full');
      return append(entry, executor);
    };
    await expect(gateway.confirm(outcome.action.id, 'U00DEV', shell)).rejects.toThrow('disk full');
    expect((await actions.get(outcome.action.id))?.state).toBe('proposed');
    expect(runs).toHaveLength(0);
    audit.append = append;
    expect((await gateway.confirm(outcome.action.id, 'U00DEV', shell)).status).toBe('executed');
    expect((await audit.verify()).ok).toBe(true);
  });

  it('notifies listeners of each transition in order', async () => {
    const { tool } = countingDeployTool();
    const { gateway } = gatewayHarness(await memoryStore(), [tool]);
    const events: string[] = [];
    gateway.onActionChange((action, event) => {
      events.push(`${event}:${action.state}`);
    });
    const outcome = await gateway.call({ tool: 'deploy', args: { service: 'api', environment: 'staging', version: 'v1' }, actor: 'U00DEV', origin: shell });
    if (outcome.status !== 'pending') throw new Error('expected pending');
    await gateway.confirm(outcome.action.id, 'U00DEV', shell);
    expect(events).toEqual(['proposed:proposed', 'approved:approved', 'running:running', 'succeeded:succeeded']);
  });
});
