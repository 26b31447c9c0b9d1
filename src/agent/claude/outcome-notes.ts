import type { ActionState } from '../../actions/action-state.js';
import type { PendingAction } from '../../actions/pending-action.js';
import { stateSentence } from '../../actions/state-sentences.js';
import { asData } from './tool-results.js';

/**
 * The line appended to a conversation when an action reaches a final state, so "did it work?" has an answer.
 * The words are the state's report (STATE_SENTENCES); the action's summary and the result text come from outside
 * (arguments, a backend), so they travel as data like any tool result, never inside the sentence.
 */
export function outcomeNote(action: PendingAction, event: ActionState): string {
  const reported = stateSentence({ ...action, state: event, result: null }, 'report', { subject: `Action ${action.id}` });
  const at = action.decidedAt ? ` (decided at ${action.decidedAt})` : '';
  // The summary carries the arguments (a page message quoting an alert), so it is data like the result.
  return `[opsbot event] ${reported}${at}\n${asData(`${action.summary}${action.result ? `\n${action.result.text}` : ''}`, action.tool)}`;
}
