import type { Kysely } from 'kysely';
import type { ActionState } from '../actions/action-state.js';
import type { PendingAction } from '../actions/pending-action.js';
import type { AuditEntry, AuditLog } from '../audit/audit-log.js';
import type { ActionsRepository } from '../store/actions-repository.js';
import type { Database } from '../store/schema.js';
import { metrics } from '../observability/metrics.js';
import { redactText } from '../util/redact.js';

// States an action ends in after it ran (or may have): the action-outcomes metric counts these.
const FINISHED = new Set<ActionState>(['succeeded', 'failed', 'outcome_unknown']);

/** Changes a transition may carry, as the actions repository takes them. */
export type TransitionChanges = Parameters<ActionsRepository['transition']>[3];

/**
 * Writes rows of its own in the transaction that records an action's proposal or a change of its state (the card
 * a chat shows for it, into the outbox), so they are stored with that fact or not at all. Every store read and
 * write goes through `executor`: on SQLite a query on the plain store waits for this very transaction. Throwing
 * undoes the proposal or the change.
 */
export type TransactionHook = (action: PendingAction, state: ActionState, executor: Kysely<Database>) => Promise<void>;

/**
 * The gateway's one way of writing audit records (DESIGN §5): a decision on its own, or an action's state change
 * with its record in one transaction, so both are stored or neither.
 */
export class GatewayAudit {
  private readonly hooks = new Set<TransactionHook>();

  constructor(
    private readonly audit: AuditLog,
    private readonly actions: ActionsRepository,
  ) {}

  /** One record; `executor` places it inside a transaction already open. */
  record(entry: AuditEntry, executor?: Kysely<Database>): Promise<unknown> {
    // Every policy decision passes here as an audit record, so it is counted here too.
    if (entry.event === 'call') metrics.gatewayDecisions.inc({ tool: entry.tool ?? 'unknown', decision: entry.decision ?? 'unknown' });
    return this.audit.append(entry, executor);
  }

  /**
   * A read's decision or its result: written with others shortly after, so a read never waits for a commit (see
   * AuditLog.appendSoon). Only for reads; a decision that leads to a change of the world uses `record`.
   */
  recordRead(entry: AuditEntry): void {
    if (entry.event === 'call') metrics.gatewayDecisions.inc({ tool: entry.tool ?? 'unknown', decision: entry.decision ?? 'unknown' });
    this.audit.appendSoon(entry);
  }

  /** Adds a hook run inside every proposal's and transition's transaction; returns its removal. */
  onTransaction(hook: TransactionHook): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  /** A new action and the record of its proposal, together (with what the hooks write for it). */
  insertAudited(action: PendingAction, entry: AuditEntry): Promise<void> {
    return this.actions.atomically(async (actions, executor) => {
      await actions.insert(action);
      await this.audit.append(entry, executor);
      await this.runHooks(action, 'proposed', executor);
    });
  }

  /**
   * A conditional state change and its record: false (and nothing written) when the action was not in `from`. What
   * the hooks write goes in the same transaction; if a hook fails, the change is recorded without it and the failure
   * reported: an action that ran must never stay "running", nor an expiry be held up, for want of a card's edit.
   */
  async transition(id: string, from: ActionState, to: ActionState, changes: TransitionChanges, entry: AuditEntry): Promise<boolean> {
    let moved: boolean;
    try {
      moved = await this.recordTransition(id, from, to, changes, entry, true);
    } catch (error) {
      if (!(error instanceof HookFailure)) throw error;
      process.emitWarning(`${to} of ${id} recorded without what follows it (a card, a status update): ${redactText(error.message)}`);
      moved = await this.recordTransition(id, from, to, changes, entry, false);
    }
    if (moved && FINISHED.has(to)) metrics.actionOutcomes.inc({ tool: entry.tool ?? 'unknown', outcome: to });
    return moved;
  }

  private recordTransition(id: string, from: ActionState, to: ActionState, changes: TransitionChanges, entry: AuditEntry, withHooks: boolean): Promise<boolean> {
    return this.actions.atomically(async (actions, executor) => {
      if (!(await actions.transition(id, from, to, changes))) return false;
      await this.audit.append(entry, executor);
      if (withHooks && this.hooks.size) {
        const action = await actions.get(id);
        if (action) await this.runHooks(action, to, executor);
      }
      return true;
    });
  }

  private async runHooks(action: PendingAction, state: ActionState, executor: Kysely<Database>): Promise<void> {
    for (const hook of this.hooks) {
      try {
        await hook(action, state, executor);
      } catch (error) {
        throw new HookFailure(error instanceof Error ? error.message : String(error));
      }
    }
  }
}

/** A transaction hook failed: the change it followed may still be recorded without what the hook writes. */
class HookFailure extends Error {
  readonly code = 'transaction_hook_failed';
}
