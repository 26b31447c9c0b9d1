import { canonicalJson, sha256 } from '../util/canonical-json.js';
import type { PendingAction, Precondition } from '../actions/pending-action.js';

/**
 * The hash a pending action is bound by: tool, canonical arguments and the preconditions its card showed.
 * Without preconditions it is the hash of tool and arguments alone, so actions stored before them still verify.
 */
export function actionHash(tool: string, args: Record<string, unknown>, preconditions: Record<string, Precondition> | null | undefined): string {
  return sha256(canonicalJson({ tool, args, ...(preconditions && Object.keys(preconditions).length ? { preconditions } : {}) }));
}

/** Whether the stored record still hashes to what was recorded when it was proposed (an edited args_json does not). */
export function isIntact(action: Pick<PendingAction, 'tool' | 'args' | 'argsHash' | 'preconditions'>): boolean {
  return actionHash(action.tool, action.args, action.preconditions) === action.argsHash;
}

/** One fact that no longer holds: what it was when proposed and what it is now. */
export interface ChangedFact {
  name: string;
  label: string;
  before: string;
  now: string | undefined;
}

/** The stored facts that differ now; a fact that can no longer be read counts with `now` undefined. */
export function changedFacts(stored: Record<string, Precondition>, current: Record<string, Precondition>): ChangedFact[] {
  return Object.entries(stored).flatMap(([name, fact]) => (current[name]?.value === fact.value ? [] : [{ name, label: fact.label, before: fact.value, now: current[name]?.value }]));
}

/** "frontend in production is now v2.6.0, not v2.3.1 as this card showed" for each change. */
export function describeChanges(changes: readonly ChangedFact[]): string {
  return changes.map((change) => `${change.label} is now ${change.now}, not ${change.before} as this card showed`).join('; ');
}
