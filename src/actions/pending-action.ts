import type { ActionState } from './action-state.js';
import type { ApprovalRequirement } from './approval-requirement.js';
import type { Origin } from './origin.js';

/** A fact a proposal was shown with and that must still hold when it is approved (`frontend in production` runs `v2.3.1`). */
export interface Precondition {
  /** What the fact is about, for the refusal: "frontend in production". */
  label: string;
  value: string;
}

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
  /** Facts re-read at approval (a deploy's current version, a page's recipients); absent on actions stored before them. */
  preconditions?: Record<string, Precondition> | null;
  createdAt: string;
  expiresAt: string;
  updatedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  result: ActionResult | null;
}
