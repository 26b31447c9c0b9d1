import type { PendingAction } from '../../actions/pending-action.js';

/** An action as the CLI's JSON output shows it (`ask --json`, `actions --json`): stable field names, state as `status`. */
export interface ActionJson {
  id: string;
  tool: string;
  args: Record<string, unknown>;
  status: string;
  summary: string;
  approver: string;
  expiresAt: string;
  requester: string;
  decidedBy: string | null;
  result: string | null;
}

/** Converts a stored action to its JSON form. */
export function actionJson(action: PendingAction): ActionJson {
  return {
    id: action.id,
    tool: action.tool,
    args: action.args,
    status: action.state,
    summary: action.summary,
    approver: action.approval.summary,
    expiresAt: action.expiresAt,
    requester: action.requester,
    decidedBy: action.decidedBy,
    result: action.result?.text ?? null,
  };
}
