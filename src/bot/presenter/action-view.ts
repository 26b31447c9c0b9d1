import { z } from 'zod';
import type { PendingAction } from '../../actions/pending-action.js';

/**
 * The one JSON view of an action, shared by `opsbot ask --json` / `opsbot actions --json` and MCP structured
 * content: stable field names, its lifecycle state as `state` (the envelope's `status` is the call's outcome).
 */
export const actionViewSchema = z.object({
  id: z.string(),
  tool: z.string(),
  args: z.record(z.string(), z.unknown()),
  state: z.string(),
  summary: z.string(),
  requester: z.string(),
  /** Who may approve, in one sentence ("a lead holding deploy:production other than U00LEAD"). */
  approver: z.string(),
  expiresAt: z.string(),
  decidedBy: z.string().nullable(),
  /** What running it said, once it ran (or why it did not). */
  result: z.string().nullable(),
});

/** An action as JSON clients see it. */
export type ActionView = z.output<typeof actionViewSchema>;

/** The stored action, trimmed to what a client should see. */
export function actionView(action: PendingAction): ActionView {
  return {
    id: action.id,
    tool: action.tool,
    args: action.args,
    state: action.state,
    summary: action.summary,
    requester: action.requester,
    approver: action.approval.summary,
    expiresAt: action.expiresAt,
    decidedBy: action.decidedBy,
    result: action.result?.text ?? null,
  };
}
