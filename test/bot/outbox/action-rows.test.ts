import { describe, expect, it } from 'vitest';
import type { Origin } from '../../../src/actions/origin.js';
import { createOpsbot, type Opsbot } from '../../../src/app.js';
import type { Card } from '../../../src/bot/conversation/card.js';
import { INCIDENT_ROOMS } from '../../../src/bot/conversation/incident-rooms.js';
import { approvalCardKey } from '../../../src/bot/outbox/approval-card-rows.js';
import { CARD_ACTION_IDS } from '../../../src/bot/presenter/approval-card.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import type { OutboxRow } from '../../../src/store/outbox-repository.js';
import { testConfig } from '../../support/test-config.js';
import { postgresAvailable, postgresFactory, sqliteFactory, type StoreFactory } from '../../support/stores.js';

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn('PostgreSQL not reachable: skipping its outbox rows of actions');

const APPROVALS = 'C0APPROVALS';
const ROOM = 'mattermost:incroom1';
const ANNOUNCE = 'teams:19:announce@thread.tacv2';
const DEPLOY = { service: 'frontend', environment: 'production', version: 'v2.4.0' };

/** Everything the store holds of one card, in order. */
async function rowsOf(opsbot: Opsbot, cardKey: string): Promise<OutboxRow[]> {
  return (await opsbot.outbox.list(['pending', 'sending', 'blocked', 'failed', 'sent', 'superseded'])).filter((row) => row.cardKey === cardKey).sort((left, right) => left.seq - right.seq);
}

const plain = (content: unknown) => JSON.stringify(content);

/**
 * The rows of an action's approval card and of an incident's status update are written by the process that records
 * the proposal or the change (a CLI or MCP process here: no chat front end, no worker), in that same transaction.
 */
function contract(factory: StoreFactory) {
  async function withOpsbot(overrides: Partial<ConfigInput>, test: (opsbot: Opsbot) => Promise<void>) {
    const opened = await factory.open();
    await opened.store.close();
    const opsbot = await createOpsbot({ config: testConfig(overrides), ...(opened.url ? { databaseUrl: opened.url } : { dataDir: opened.dataDir }), env: {} });
    try {
      await test(opsbot);
    } finally {
      await opsbot.close();
      await opened.cleanup();
    }
  }

  for (const frontEnd of ['mcp', 'cli'] as const) {
    it(`writes the approval card of an action asked from ${frontEnd} with the proposal, then its updates and outcome with each change`, async () => {
      await withOpsbot({ slack: { approvalsChannel: APPROVALS, incidentChannelPrefix: 'inc' } }, async (opsbot) => {
        const origin: Origin = frontEnd === 'mcp' ? { frontEnd, session: 'mcp-1' } : { frontEnd };
        const proposed = await opsbot.gateway.call({ tool: 'deploy', args: DEPLOY, actor: 'U00LEAD', origin });
        if (proposed.status !== 'pending') throw new Error(proposed.text);
        const key = approvalCardKey(proposed.action.id);
        // There as soon as the call returns: nothing but the proposal's transaction wrote it.
        const [post, ...others] = await rowsOf(opsbot, key);
        expect(others).toEqual([]);
        expect(post).toMatchObject({ kind: 'post', purpose: 'approval-card', channel: APPROVALS, state: 'pending', meta: { actionId: proposed.action.id } });
        const card = post!.content as Card;
        expect(card.buttons?.map((button) => [button.actionId, button.value])).toEqual([
          [CARD_ACTION_IDS.approve, proposed.action.id],
          [CARD_ACTION_IDS.reject, proposed.action.id],
        ]);

        const done = await opsbot.gateway.confirm(proposed.action.id, 'U00LEAD2', { frontEnd: 'cli' });
        expect(done.action?.state).toBe('succeeded');
        const rows = await rowsOf(opsbot, key);
        // approved, running and succeeded edit the card; the outcome goes into its thread.
        expect(rows.map((row) => [row.kind, row.purpose])).toEqual([
          ['post', 'approval-card'],
          ['update', 'approval-card'],
          ['update', 'approval-card'],
          ['update', 'approval-card'],
          ['reply', 'approval-outcome'],
        ]);
        expect(rows.slice(1).every((row) => row.channel === APPROVALS)).toBe(true);
        const last = rows[3]!.content as Card;
        expect(last.buttons).toBeUndefined();
        expect(plain(last.sections)).toContain('Done; approved by');
        expect(plain(last.sections)).toContain('Deployed frontend v2.3.1 → v2.4.0 in production.');
        expect(plain((rows[4]!.content as { text: unknown }).text)).toMatch(/approved by.*U00LEAD2.*succeeded/);
      });
    });
  }

  it('rolls the proposal and its card back together; a change whose card edit fails is still recorded, without it', async () => {
    await withOpsbot({ slack: { approvalsChannel: APPROVALS, incidentChannelPrefix: 'inc' } }, async (opsbot) => {
      // A hook after the card's fails: the transaction that held the card's row is undone, proposal and all.
      const failing = opsbot.gateway.onTransaction(async (_action, state) => {
        if (state === 'proposed') throw new Error('disk full');
      });
      await expect(opsbot.gateway.call({ tool: 'deploy', args: DEPLOY, actor: 'U00LEAD', origin: { frontEnd: 'mcp' } })).rejects.toThrow('disk full');
      expect(await opsbot.gateway.listActions(10)).toEqual([]);
      expect(await opsbot.outbox.list()).toEqual([]);
      failing();

      // Once the action exists, its changes are the truth: a deploy that ran is recorded as run even when what
      // follows it (the card's edits, the outcome reply) cannot be written, and the failure is reported.
      const proposed = await opsbot.gateway.call({ tool: 'deploy', args: DEPLOY, actor: 'U00LEAD', origin: { frontEnd: 'mcp' } });
      if (proposed.status !== 'pending') throw new Error(proposed.text);
      const warnings: string[] = [];
      const warned = (warning: Error) => warnings.push(warning.message);
      process.on('warning', warned);
      const failingFinish = opsbot.gateway.onTransaction(async (_action, state) => {
        if (state === 'succeeded') throw new Error('disk full');
      });
      try {
        const done = await opsbot.gateway.confirm(proposed.action.id, 'U00LEAD2', { frontEnd: 'cli' });
        expect(done.status).toBe('executed');
        expect((await opsbot.gateway.getAction(proposed.action.id))?.state).toBe('succeeded');
        expect((await opsbot.audit.search({ actionId: proposed.action.id })).map((record) => record.event)).toContain('succeeded');
        const rows = await rowsOf(opsbot, approvalCardKey(proposed.action.id));
        // The approval and the start were edited onto the card; the finish could not be.
        expect(rows.map((row) => row.kind)).toEqual(['post', 'update', 'update']);
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings.join('\n')).toMatch(new RegExp(`succeeded of ${proposed.action.id} recorded without what follows it.*disk full`));
      } finally {
        failingFinish();
        process.off('warning', warned);
      }
    });
  });

  it('holds the card of a change its requester may approve, and never posts it when they decide it at once', async () => {
    await withOpsbot({ slack: { approvalsChannel: APPROVALS, incidentChannelPrefix: 'inc' } }, async (opsbot) => {
      const origin: Origin = { frontEnd: 'shell' };
      const declared = await opsbot.gateway.call({ tool: 'incident_declare', args: { title: 'checkout errors', severity: 'high' }, actor: 'U00SRE', origin });
      if (declared.status !== 'pending') throw new Error(declared.text);
      expect(declared.action.approval.requesterMayApprove).toBe(true);
      const [held] = await rowsOf(opsbot, approvalCardKey(declared.action.id));
      // Written with the proposal, due only after the grace.
      expect(Date.parse(held!.nextAttemptAt) - Date.parse(held!.createdAt)).toBe(15_000);
      expect(await opsbot.outbox.claimNext('w1', 60_000)).toBeUndefined();
      expect((await opsbot.gateway.confirm(declared.action.id, 'U00SRE', origin)).status).toBe('executed');
      // `y` at the prompt: the card, its edits and its outcome are dropped together; nothing of it will be posted.
      expect((await rowsOf(opsbot, approvalCardKey(declared.action.id))).map((row) => row.state)).toEqual(['superseded']);
      // A production deploy needs someone else: its card is due at once.
      const deploy = await opsbot.gateway.call({ tool: 'deploy', args: DEPLOY, actor: 'U00LEAD', origin });
      if (deploy.status !== 'pending') throw new Error(deploy.text);
      expect(await opsbot.outbox.claimNext('w1', 60_000)).toMatchObject({ cardKey: approvalCardKey(deploy.action.id), kind: 'post' });
    });
  });

  it('writes no card for an action asked in a chat, nor without an approvals channel', async () => {
    await withOpsbot({ slack: { approvalsChannel: APPROVALS, incidentChannelPrefix: 'inc' } }, async (opsbot) => {
      const asked = await opsbot.gateway.call({ tool: 'deploy', args: DEPLOY, actor: 'U00LEAD', origin: { frontEnd: 'slack', channel: 'C0OPS', threadTs: '1.1' } });
      if (asked.status !== 'pending') throw new Error(asked.text);
      await opsbot.gateway.confirm(asked.action.id, 'U00LEAD2', { frontEnd: 'cli' });
      expect(await opsbot.outbox.list(['pending', 'sent'])).toEqual([]);
    });
    await withOpsbot({}, async (opsbot) => {
      const asked = await opsbot.gateway.call({ tool: 'deploy', args: DEPLOY, actor: 'U00LEAD', origin: { frontEnd: 'cli' } });
      if (asked.status !== 'pending') throw new Error(asked.text);
      await opsbot.gateway.confirm(asked.action.id, 'U00LEAD2', { frontEnd: 'cli' });
      expect(await opsbot.outbox.list(['pending', 'sent'])).toEqual([]);
    });
  });

  for (const frontEnd of ['shell', 'mcp'] as const) {
    it(`writes one status update per target (room and announce channel) with an incident update made from ${frontEnd}`, async () => {
      await withOpsbot({ incidents: { noteEmoji: 'memo', announceChannel: ANNOUNCE } }, async (opsbot) => {
        const origin: Origin = { frontEnd };
        const mutate = async (tool: string, args: Record<string, unknown>) => {
          const proposed = await opsbot.gateway.call({ tool, args, actor: 'U00SRE', origin });
          if (proposed.status !== 'pending') throw new Error(proposed.text);
          const done = await opsbot.gateway.confirm(proposed.action.id, 'U00SRE', origin);
          if (done.status !== 'executed') throw new Error(done.text);
          return done;
        };
        const declared = await mutate('incident_declare', { title: 'checkout errors', severity: 'high' });
        const id = /INC-\d{4}-\d{4}/.exec(declared.text)![0];
        // The room a chat process opened for it (on Mattermost), as incident rooms record it.
        await opsbot.kv.put(INCIDENT_ROOMS, id, { channel: ROOM, name: 'inc-checkout-errors', summaryTs: 'p1' });
        await mutate('incident_update', { id, severity: 'critical', note: 'ledger writes failing' });
        const updates = (await opsbot.outbox.list(['pending'])).filter((row) => row.purpose === 'incident-update');
        expect(updates.map((row) => row.channel).sort()).toEqual([ANNOUNCE, ROOM].sort());
        for (const row of updates) {
          expect(plain(row.content)).toContain(`${id}: checkout errors`);
          expect(plain(row.content)).toContain('ledger writes failing');
        }
        // A declaration or a failed update announces nothing.
        expect((await opsbot.outbox.list(['pending'])).filter((row) => row.purpose !== 'incident-update')).toEqual([]);
      });
    });
  }
}

describe('outbox rows of actions (sqlite)', () => contract(sqliteFactory));
describe.skipIf(!hasPostgres)('outbox rows of actions (postgres)', () => contract(postgresFactory));
