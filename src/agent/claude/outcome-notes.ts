import type { ActionState } from '../../actions/action-state.js';
import type { PendingAction } from '../../actions/pending-action.js';
import { stateSentence } from '../../actions/state-sentences.js';
import { asData } from './tool-results.js';

/**
 * The line appended to a conversation when an action reaches a final state, so "did it work?" has an answer.
 * The words are the state's report (STATE_SENTENCES); the result text comes from a backend, so it travels as data
 * like any tool result, never inside the sentence.
 */
export function outcomeNote(action: PendingAction, event: ActionState): string {
  const reported = stateSentence({ ...action, state: event, result: null }, 'report', { subject: `Action ${action.id} (${action.summary})` });
  const at = action.decidedAt ? ` (decided at ${action.decidedAt})` : '';
  const head = `[opsbot event] ${reported}${at}`;
  return action.result ? `${head}\n${asData(action.result.text, action.tool)}` : head;
}
