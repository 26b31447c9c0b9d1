import type { PendingAction } from '../actions/pending-action.js';

/**
 * Why a confirm or reject found nothing to do, naming who decided in the role they had: "approved by U00LEAD2
 * and already running", never "already running by U00LEAD2" (which reads as if the approver ran it).
 */
export function notPendingText(action: PendingAction): string {
  const by = action.decidedBy;
  switch (action.state) {
    case 'expired':
      return `${action.id} expired at ${action.expiresAt} without approval; nothing ran. Ask again if it is still wanted.`;
    case 'approved':
    case 'running':
      return `${action.id} was ${by ? `approved by ${by} and is ` : ''}already ${action.state}; nothing more was done.`;
    case 'succeeded':
    case 'failed':
      return `${action.id} ${by ? `was approved by ${by} and ` : ''}has already ${action.state}; nothing more was done.`;
    case 'outcome_unknown':
      return `${action.id} ${by ? `was approved by ${by} and ` : ''}was interrupted while running; its outcome is unknown and it was not retried.`;
    case 'stale':
      return `${action.id} was refused${by ? ` when ${by} approved it` : ''}: ${action.result?.text ?? 'what its card showed had changed'}`;
    case 'rejected':
    case 'cancelled':
      return `${action.id} was already ${action.state}${by ? ` by ${by}` : ''}; nothing ran.`;
    default:
      return `${action.id} is ${action.state}; nothing more was done.`;
  }
}
