import type { ActionState } from '../actions/action-state.js';
import type { ActionListener } from '../actions/outcomes.js';
import type { PendingAction } from '../actions/pending-action.js';
import { redactText } from '../util/redact.js';

/** Tells every listener about each action transition, after it is recorded. */
export class ActionBus {
  private readonly listeners = new Set<ActionListener>();

  on(listener: ActionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async emit(action: PendingAction, state: ActionState): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(action, state);
      } catch (error) {
        // A listener (a Slack card update) must never undo or block a recorded transition.
        process.emitWarning(`action listener failed on ${state} of ${action.id}: ${redactText(error instanceof Error ? error.message : String(error))}`);
      }
    }
  }
}
