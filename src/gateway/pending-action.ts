import type { ApprovalRequirement } from '../policies/decision.js';
import type { Origin } from './origin.js';

/** Lifecycle of a proposed mutation (DESIGN §3). Terminal: succeeded, failed, outcome_unknown, rejected, expired, cancelled. */
export type ActionState = 'proposed' | 'approved' | 'running' | 'succeeded' | 'failed' | 'outcome_unknown' | 'rejected' | 'expired' | 'cancelled';

export const TERMINAL_STATES: readonly ActionState[] = ['succeeded', 'failed', 'outcome_unknown', 'rejected', 'expired', 'cancelled'];

/** Outcome of running the tool once approved. */
export interface ActionResult {
  ok: boolean;
  /** The tool could not tell whether its effect happened: the action ends as outcome_unknown. */
  unknown?: boolean;
  text: string;
  data?: unknown;
}

/** A stored proposal: the only thing a button, elicitation or `opsbot confirm` refers to (by id). */
export interface PendingAction {
  id: string;
  tool: string;
  /** Canonical (validated, keys sorted) arguments; never read back from a button. */
  args: Record<string, unknown>;
  argsHash: string;
  requester: string;
  origin: Origin;
  state: ActionState;
  permission: string;
  approval: ApprovalRequirement;
  policyVersion: string;
  /** What will happen, in one line. */
  summary: string;
  /** Facts captured at proposal time, e.g. `{ current: 'v2.3.1', proposed: 'v2.4.0' }`. */
  preview: Record<string, string> | null;
  createdAt: string;
  expiresAt: string;
  updatedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  result: ActionResult | null;
}
