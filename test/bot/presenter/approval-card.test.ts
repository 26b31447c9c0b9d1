import { describe, expect, it } from 'vitest';
import type { PendingAction } from '../../../src/actions/pending-action.js';
import { cardPlainText } from '../../../src/bot/conversation/card.js';
import { CARD_BLOCK_IDS, outcomeText, renderApprovalCard } from '../../../src/bot/presenter/approval-card.js';

function action(overrides: Partial<PendingAction> = {}): PendingAction {
  return {
    id: 'act_0123456789',
    tool: 'deploy',
    args: { environment: 'production', service: 'frontend', version: 'v2.4.0' },
    argsHash: 'a'.repeat(64),
    requester: 'U00LEAD',
    origin: { frontEnd: 'teams', channel: '19:ops@thread.tacv2', threadTs: '1700', conversationId: 'teams:19:ops@thread.tacv2:1700' },
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

describe('the approval card, described once for every platform', () => {
  it('shows the stored arguments, the preview, who asked and who may approve, with buttons naming only the action', () => {
    const card = renderApprovalCard(action());
    const text = cardPlainText(card);
    expect(text).toContain('Approval needed: deploy frontend v2.4.0 to production');
    expect(text).toContain('Environment: production');
    expect(text).toContain('Change: current v2.3.1 → proposed v2.4.0');
    expect(card.context).toContainEqual({ person: 'U00LEAD' });
    expect(card.context).toContainEqual({ time: '2026-05-01T10:15:00.000Z' });
    expect(card.contextId).toBe(CARD_BLOCK_IDS.people);
    expect(card.buttons?.map((button) => [button.actionId, button.value])).toEqual([
      ['opsbot_approve', 'act_0123456789'],
      ['opsbot_reject', 'act_0123456789'],
    ]);
  });

  it('keeps outside text literal: a hostile summary or argument is a plain string span, never markup', () => {
    const hostile = 'auth <!channel> <https://evil.example|login>';
    const card = renderApprovalCard(action({ summary: hostile, args: { title: hostile } }));
    expect(card.sections[0]!.text).toContain(hostile);
    expect(card.sections[1]!.fields?.[0]?.value).toEqual([hostile]);
  });

  it('gives way to the outcome once decided: no buttons, a status and the result with people as people', () => {
    const card = renderApprovalCard(action({ state: 'succeeded', decidedBy: 'U00LEAD2', decidedAt: '2026-05-01T10:05:00.000Z', result: { ok: true, text: 'rolled out; paged <@U00SRE>' } }));
    expect(card.buttons).toBeUndefined();
    const status = card.sections.find((section) => section.id === CARD_BLOCK_IDS.status)!;
    expect(status.text).toContainEqual({ person: 'U00LEAD2' });
    expect(cardPlainText(card)).toContain('Done; approved by @U00LEAD2');
    expect(card.sections.find((section) => section.id === CARD_BLOCK_IDS.result)?.text).toEqual(['rolled out; paged ', { person: 'U00SRE' }]);
    expect(outcomeText(action({ state: 'rejected', decidedBy: 'U00LEAD2' }))).toEqual([{ icon: 'rejected' }, ' ', { bold: ['deploy frontend v2.4.0 to production'] }, ' was rejected by ', { person: 'U00LEAD2' }, '; nothing ran.']);
  });
});
