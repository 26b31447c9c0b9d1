/**
 * Lifecycle of a proposed mutation (DESIGN §3). Terminal: succeeded, failed, outcome_unknown, rejected, expired,
 * cancelled, and stale (refused at approval because a fact its card showed had changed; nothing ran).
 */
export type ActionState = 'proposed' | 'approved' | 'running' | 'succeeded' | 'failed' | 'outcome_unknown' | 'rejected' | 'expired' | 'cancelled' | 'stale';

/** The states an action never leaves. */
export const TERMINAL_STATES: readonly ActionState[] = ['succeeded', 'failed', 'outcome_unknown', 'rejected', 'expired', 'cancelled', 'stale'];

/** Whether an action in this state is finished (nothing more will happen to it). */
export function isTerminal(state: ActionState): boolean {
  return TERMINAL_STATES.includes(state);
}
