import type { ActionState } from '../../actions/action-state.js';
import type { Config } from '../../config/schema.js';
import type { TransactionHook } from '../../gateway/gateway.js';
import type { OutboxMessage, OutboxRepository } from '../../store/outbox-repository.js';
import type { ChatContent } from '../conversation/card.js';
import { PLATFORMS } from '../conversation/platforms.js';
import { outcomeText, renderApprovalCard } from '../presenter/approval-card.js';

/** The outbox purpose of an approval card posted for an action asked outside a chat. */
export const APPROVAL_CARD_PURPOSE = 'approval-card';
/** The outbox purpose of the outcome told in that card's thread. */
export const APPROVAL_OUTCOME_PURPOSE = 'approval-outcome';

const FINISHED: ReadonlySet<ActionState> = new Set(['succeeded', 'failed', 'outcome_unknown']);
// A change its requester may approve, asked where they are asked to confirm it at once (`y` in the shell, an MCP
// client's confirmation), is usually decided there: its card waits this long, and is never posted if it is decided
// meanwhile. `opsbot ask` and `opsbot call` ask nothing and exit, so their cards go out at once.
const SELF_APPROVAL_GRACE_MS = 15_000;
const CONFIRMING_FRONT_ENDS: ReadonlySet<string> = new Set(['shell', 'mcp']);

/** The outbox card of an action's approval card. */
export function approvalCardKey(actionId: string): string {
  return `approval:${actionId}`;
}

/**
 * Approval cards of actions asked outside a chat (`opsbot ask`, `opsbot call`, MCP, the shell), written to the outbox
 * in the transaction that records the proposal and each later change of state, in whichever process made it: the
 * card goes to `slack.approvalsChannel` (on any platform) even while no chat process runs, follows the action there,
 * and its thread hears the outcome. Actions asked in a chat keep their cards in that chat (ApprovalCards).
 */
export function approvalCardRows(deps: { outbox: Pick<OutboxRepository, 'enqueue' | 'hasCard' | 'withdrawUnsent'>; config: Pick<Config, 'slack'> }): TransactionHook {
  return async (action, state, executor) => {
    if ((PLATFORMS as readonly string[]).includes(action.origin.frontEnd)) return;
    const cardKey = approvalCardKey(action.id);
    const card = renderApprovalCard(action);
    const held = action.approval.requesterMayApprove && CONFIRMING_FRONT_ENDS.has(action.origin.frontEnd);
    if (state === 'proposed') {
      const channel = deps.config.slack.approvalsChannel;
      const delay = held ? { delayMs: SELF_APPROVAL_GRACE_MS } : {};
      if (channel) await deps.outbox.enqueue([{ cardKey, purpose: APPROVAL_CARD_PURPOSE, channel, content: card, meta: { actionId: action.id }, ...delay }], executor);
      return;
    }
    // Decided by the requester before its held card went out: nobody needs a card asking for what is already done.
    if (held && (await deps.outbox.withdrawUnsent(cardKey, `${state} before its card was posted`, executor))) return;
    // Proposed before the card went through the outbox, or with no approvals channel then: nothing here to follow.
    if (!(await deps.outbox.hasCard(cardKey, executor))) return;
    const rows: OutboxMessage[] = [{ cardKey, purpose: APPROVAL_CARD_PURPOSE, channel: '', content: card }];
    if (FINISHED.has(state)) rows.push({ cardKey, purpose: APPROVAL_OUTCOME_PURPOSE, channel: '', reply: true, content: { text: outcomeText(action) } satisfies ChatContent });
    await deps.outbox.enqueue(rows, executor);
  };
}
