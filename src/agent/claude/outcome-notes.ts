import type { ActionState } from '../../actions/action-state.js';
import type { PendingAction } from '../../actions/pending-action.js';
import { asData } from './tool-results.js';

const WHAT_HAPPENED: Partial<Record<ActionState, string>> = {
  succeeded: 'was approved and ran successfully',
  failed: 'was approved but failed',
  outcome_unknown: 'was interrupted while running; its outcome is unknown and it was not retried',
  rejected: 'was rejected; it did not run',
  expired: 'expired without approval; it did not run',
  cancelled: 'was cancelled by its requester; it did not run',
  stale: 'was refused at approval because what its card showed had changed; it did not run',
};

/**
 * The line appended to a conversation when an action reaches a final state, so "did it work?" has an answer.
 * The result text comes from a backend, so it travels as data like any tool result.
 */
export function outcomeNote(action: PendingAction, event: ActionState): string {
  const by = action.decidedBy ? ` (decided by ${action.decidedBy}${action.decidedAt ? ` at ${action.decidedAt}` : ''})` : '';
  const head = `[opsbot event] Action ${action.id} (${action.summary}) ${WHAT_HAPPENED[event] ?? event}${by}.`;
  return action.result ? `${head}\n${asData(action.result.text, action.tool)}` : head;
}
