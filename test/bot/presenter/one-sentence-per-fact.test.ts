import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionState } from '../../../src/actions/action-state.js';
import type { PendingAction } from '../../../src/actions/pending-action.js';
import { STATE_SENTENCES, stateSentence } from '../../../src/actions/state-sentences.js';
import type { Opsbot } from '../../../src/app.js';
import { outcomeLine, renderConfirmationCard, statusLine } from '../../../src/bot/presenter/block-kit.js';
import { plainMentions, renderActionCard, renderActionEvent, renderResolveOutcome } from '../../../src/bot/presenter/text.js';
import { testOpsbot } from '../../support/test-opsbot.js';

/** Every clause of a text, in plain words: markup, mentions and emoji left out, so "*Done*" and "Done" are one. */
function clauses(text: string): string[] {
  return text
    .replace(/<@[A-Z0-9]+>|:[a-z_]+:|[*_`>]/g, ' ')
    .split(/(?<=[.;!?])\s+|\n|—/)
    .map((clause) => clause.toLowerCase().replace(/[^a-z0-9.\s-]/g, ' ').replace(/\s+/g, ' ').replace(/^[\s.]+|[\s.]+$/g, ''))
    .filter((clause) => clause.split(' ').length >= 2);
}

/** What a text says more than once: a whole clause twice, or one of the facts people noticed repeated. */
function saidTwice(text: string): string[] {
  const seen = new Map<string, number>();
  for (const clause of clauses(text)) seen.set(clause, (seen.get(clause) ?? 0) + 1);
  const repeated = [...seen].filter(([, count]) => count > 1).map(([clause]) => `clause "${clause}"`);
  const plain = text.toLowerCase();
  const count = (pattern: RegExp) => plain.match(pattern)?.length ?? 0;
  if (count(/nothing ran|not run\b/g) > 1) repeated.push('"nothing ran" twice');
  for (const version of new Set(plain.match(/v\d+\.\d+\.\d+/g) ?? [])) {
    if (count(new RegExp(`${version.replace(/\./g, '\\.')} (keeps|is still|still) running`, 'g')) + count(new RegExp(`${version.replace(/\./g, '\\.')} keeps running`, 'g')) > 1) repeated.push(`${version} still running, twice`);
  }
  for (const rule of new Set(plain.match(/rule [a-z0-9-]+/g) ?? [])) if (count(new RegExp(`\\b${rule}\\b`, 'g')) > 1) repeated.push(`"${rule}" twice`);
  return repeated;
}

/** Every text a Block Kit message shows (fallback text aside, which repeats the blocks by design). */
function blockTexts(blocks: unknown[]): string {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value && typeof value === 'object') {
      const entry = value as { type?: string; text?: unknown };
      if ((entry.type === 'mrkdwn' || entry.type === 'plain_text') && typeof entry.text === 'string' && !('action_id' in (value as object))) texts.push(entry.text);
      for (const [key, inner] of Object.entries(value)) if (key !== 'text' || typeof inner !== 'string') walk(inner);
    }
  };
  walk(blocks.filter((block) => (block as { type: string }).type !== 'actions'));
  return texts.join('\n');
}

const STATES = Object.keys(STATE_SENTENCES) as ActionState[];

function actionIn(state: ActionState): PendingAction {
  const decided = !['proposed', 'expired'].includes(state);
  return {
    id: 'act_7',
    tool: 'deploy',
    args: { environment: 'production', service: 'frontend', version: 'v2.4.0' },
    argsHash: 'a'.repeat(64),
    requester: 'U00DEV',
    origin: { frontEnd: 'test', conversationId: 'c1' },
    state,
    permission: 'deploy:production',
    approval: { rule: 'production-needs-another-lead', permission: 'deploy:production', roles: ['lead'], requesterMayApprove: false, summary: 'lead holding deploy:production other than U00DEV (rule production-needs-another-lead)' },
    policyVersion: 'v1',
    summary: 'deploy frontend v2.4.0 to production',
    preview: { current: 'v2.3.1', proposed: 'v2.4.0' },
    createdAt: '2026-12-07T10:00:00.000Z',
    expiresAt: '2026-12-07T10:15:00.000Z',
    updatedAt: '2026-12-07T10:01:00.000Z',
    decidedBy: decided ? 'U00LEAD' : null,
    decidedAt: decided ? '2026-12-07T10:01:00.000Z' : null,
    result: state === 'stale' ? { ok: false, text: 'The running version changed: v2.3.1 → v2.3.2. Ask again if it is still wanted.' } : ['succeeded', 'failed'].includes(state) ? { ok: state === 'succeeded', text: state === 'failed' ? 'health checks failed' : 'rolled out' } : null,
  };
}

describe('one sentence per fact', () => {
  it('says every state once in each of its sentences, text and Block Kit', () => {
    for (const state of STATES) {
      const action = actionIn(state);
      const rendered = [
        stateSentence(action, 'status'),
        stateSentence(action, 'report'),
        stateSentence(action, 'again'),
        statusLine(action),
        outcomeLine(action),
        renderActionCard(action),
        renderActionEvent(action, state),
        blockTexts(renderConfirmationCard(action).blocks as unknown[]),
      ];
      for (const text of rendered) expect({ state, text, repeated: saidTwice(text) }).toEqual({ state, text, repeated: [] });
    }
  });

  it('catches what it looks for (the checks are not dead)', () => {
    expect(saidTwice('Not confirmed, so nothing ran: act_1 was rejected by U1; nothing ran.')).toContain('"nothing ran" twice');
    expect(saidTwice('failed: health checks failed; instances reverted, v2.3.2 keeps running. v2.3.2 is still running.')).toContain('v2.3.2 still running, twice');
    expect(saidTwice('U1 requested this action and rule r-1 needs someone else: lead (rule r-1)')).toContain('"rule r-1" twice');
    expect(saidTwice('Alert: HighErrorRate\nAlert: HighErrorRate')).toEqual(['clause "alert higherrorrate"']);
  });

  describe('on the demo fleet, through the gateway', () => {
    let opsbot: Opsbot & { cleanup(): Promise<void> };
    const origin = { frontEnd: 'test' as const, conversationId: 'sentences' };
    beforeAll(async () => {
      opsbot = await testOpsbot({});
    });
    afterAll(async () => opsbot.cleanup());

    it('a failed deploy says once which version still runs', async () => {
      const proposed = await opsbot.gateway.call({ tool: 'deploy', args: { service: 'auth', environment: 'staging', version: 'v6.6.6' }, actor: 'U00DEV', origin });
      if (proposed.status !== 'pending') throw new Error(`expected a proposal, got ${proposed.status}`);
      const outcome = await opsbot.gateway.confirm(proposed.action.id, 'U00DEV', origin);
      expect(outcome.action?.state).toBe('failed');
      const text = renderResolveOutcome(outcome);
      expect(text).toMatch(/v\d+\.\d+\.\d+ is still running/);
      expect(saidTwice(text)).toEqual([]);
    });

    it('the self-approval refusal names its rule once', async () => {
      const proposed = await opsbot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin });
      if (proposed.status !== 'pending') throw new Error('expected a proposal');
      const refused = await opsbot.gateway.confirm(proposed.action.id, 'U00LEAD', origin);
      expect(refused.status).toBe('denied');
      expect(refused.text).toContain('rule production-needs-another-lead');
      expect(saidTwice(refused.text)).toEqual([]);
    });

    it('the silence card names the alert once, in text and in Block Kit', async () => {
      const proposed = await opsbot.gateway.call({ tool: 'alert_silence', args: { alert: 'HighErrorRate', service: 'frontend', duration_minutes: 60, comment: 'looking into it' }, actor: 'U00SRE', origin });
      if (proposed.status !== 'pending') throw new Error(`expected a proposal, got ${proposed.status}: ${'text' in proposed ? proposed.text : ''}`);
      const card = renderActionCard(proposed.action);
      expect(card).toContain('alertname=HighErrorRate');
      expect(card.match(/HighErrorRate/g)?.length).toBeLessThanOrEqual(2); // the summary, and the matchers the silence will use
      expect(card).not.toMatch(/alert: HighErrorRate/i);
      expect(saidTwice(blockTexts(renderConfirmationCard(proposed.action).blocks as unknown[]))).toEqual([]);
    });
  });

  it('shows names, not Slack mention syntax, in the terminal', () => {
    const people = { U00LEAD: { name: 'Lee Lead' } };
    expect(plainMentions('Page P1 acknowledged (by <@U00LEAD>). On call: Lee Lead (<@U00LEAD>), <@U0NOBODY>', people)).toBe('Page P1 acknowledged (by Lee Lead). On call: Lee Lead (U00LEAD), U0NOBODY');
  });
});
