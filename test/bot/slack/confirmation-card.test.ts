import type { KnownBlock } from '@slack/types';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CARD_BLOCK_IDS, outcomeLine, renderConfirmationCard } from '../../../src/bot/presenter/block-kit.js';
import type { PendingAction } from '../../../src/actions/pending-action.js';
import { blockText, expectValidCard } from './block-checks.js';

function action(overrides: Partial<PendingAction> = {}): PendingAction {
  return {
    id: 'act_0123456789',
    tool: 'deploy',
    args: { environment: 'production', service: 'frontend', version: 'v2.4.0' },
    argsHash: 'a'.repeat(64),
    requester: 'U00LEAD',
    origin: { frontEnd: 'slack', channel: 'C0OPS', threadTs: '1.2', conversationId: 'slack:C0OPS:1.2' },
    state: 'proposed',
    permission: 'deploy:production',
    approval: { rule: 'production-needs-another-lead', permission: 'deploy:production', roles: ['lead'], requesterMayApprove: false, summary: 'a lead holding deploy:production other than U00LEAD (rule production-needs-another-lead)' },
    policyVersion: 'abc',
    summary: 'deploy frontend v2.4.0 to production',
    preview: { current: 'v2.3.1', proposed: 'v2.4.0' },
    createdAt: '2026-05-01T10:00:00.000Z',
    expiresAt: '2026-05-01T10:15:00.000Z',
    updatedAt: '2026-05-01T10:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    result: null,
    ...overrides,
  };
}

describe('confirmation card', () => {
  it('is typed as Block Kit and carries only the action id in its buttons', () => {
    const card = renderConfirmationCard(action());
    expectTypeOf(card.blocks).toEqualTypeOf<KnownBlock[]>();
    expectValidCard(card.blocks, 'act_0123456789');
    expect(card.text).toBe('Approval needed: deploy frontend v2.4.0 to production (act_0123456789)');
    expect(blockText(card.blocks, CARD_BLOCK_IDS.people)).toContain('Expires <!date^1777630500^{date_short_pretty} {time}|May 1 2026, 10:15 UTC>');
  });

  it('escapes text it did not write, so arguments cannot mention, broadcast or link', () => {
    const card = renderConfirmationCard(
      action({ tool: 'incident_declare', args: { severity: 'high', title: 'auth <!channel> & <https://evil.example|login>' }, summary: 'declare incident "auth <!channel>"', preview: null }),
    );
    const rendered = JSON.stringify(card.blocks);
    expect(rendered).not.toContain('<!channel>');
    expect(rendered).not.toContain('<https://evil');
    expect(blockText(card.blocks, CARD_BLOCK_IDS.details)).toContain('auth &lt;!channel&gt; &amp; &lt;https://evil.example|login&gt;');
  });

  it('stays within Slack limits whatever the arguments', () => {
    const args = Object.fromEntries(Array.from({ length: 14 }, (_, index) => [`field_${index}`, 'y'.repeat(5000)]));
    const card = renderConfirmationCard(action({ args, summary: 's'.repeat(5000), approval: { ...action().approval, summary: 'z'.repeat(4000) } }));
    expectValidCard(card.blocks, 'act_0123456789');
    expect(card.text.length).toBeLessThanOrEqual(4000);
  });

  it('replaces the buttons with what became of the action', () => {
    const cases: Array<[Partial<PendingAction>, RegExp]> = [
      [{ state: 'running', decidedBy: 'U00LEAD2', decidedAt: '2026-05-01T10:05:00.000Z' }, /^:hourglass_flowing_sand: Running; approved by <@U00LEAD2> <!date\^/],
      [{ state: 'succeeded', decidedBy: 'U00LEAD2', decidedAt: '2026-05-01T10:05:00.000Z', result: { ok: true, text: 'deployed' } }, /^:white_check_mark: Done; approved by <@U00LEAD2>/],
      [{ state: 'failed', decidedBy: 'U00LEAD2', result: { ok: false, text: 'v6.6.6 crashed' } }, /^:x: Failed; approved by <@U00LEAD2>/],
      [{ state: 'rejected', decidedBy: 'U00LEAD2', decidedAt: '2026-05-01T10:05:00.000Z' }, /^:no_entry_sign: Rejected by <@U00LEAD2> .*; nothing ran\.$/],
      [{ state: 'cancelled', decidedBy: 'U00LEAD' }, /^:leftwards_arrow_with_hook: Cancelled by <@U00LEAD>; nothing ran\.$/],
      [{ state: 'expired' }, /^:alarm_clock: Expired <!date\^1777630500\^.*> without approval; nothing ran\.$/],
      [{ state: 'outcome_unknown' }, /^:warning: Outcome unknown/],
    ];
    for (const [change, status] of cases) {
      const card = renderConfirmationCard(action(change));
      expect(blockText(card.blocks, CARD_BLOCK_IDS.buttons)).toBeUndefined();
      expect(blockText(card.blocks, CARD_BLOCK_IDS.status)).toMatch(status);
      expectValidCard(card.blocks, 'act_0123456789');
    }
  });

  it('tells the thread the outcome with the result, broadcasts and links escaped', () => {
    const line = outcomeLine(action({ state: 'failed', decidedBy: 'U00LEAD2', result: { ok: false, text: 'deploy failed; <!here> look at <https://evil.example|logs>' } }));
    expect(line).toBe(':x: *deploy frontend v2.4.0 to production* was approved by <@U00LEAD2> but failed.\ndeploy failed; &lt;!here&gt; look at &lt;https://evil.example|logs&gt;');
  });
});
