import type { ActionResult, PendingAction } from '../actions/pending-action.js';
import type { ActionState } from '../actions/action-state.js';
import type { Store } from './open-store.js';
import type { Kysely } from 'kysely';
import type { ActionsTable, Database } from './schema.js';

/** Persistence of pending actions. Every state change is a conditional write that names the state it leaves. */
export class ActionsRepository {
  constructor(
    private readonly store: Store,
    /** Set inside `atomically`: every query runs in that transaction. */
    private readonly executor?: Kysely<Database>,
  ) {}

  private get db(): Kysely<Database> {
    return this.executor ?? this.store.db;
  }

  /**
   * Runs `work` in one transaction, with a repository bound to it and the transaction itself (for the audit
   * record of the same change): a state change and its audit record are stored together or not at all.
   */
  async atomically<T>(work: (actions: ActionsRepository, executor: Kysely<Database>) => Promise<T>): Promise<T> {
    if (this.executor) return work(this, this.executor);
    return this.store.db.transaction().execute((trx) => work(new ActionsRepository(this.store, trx), trx));
  }

  async insert(action: PendingAction): Promise<void> {
    await this.db.insertInto('actions').values(toRow(action)).execute();
  }

  /** How many actions are in each state (the pending-actions gauge). */
  async countByState(): Promise<Array<{ state: ActionState; count: number }>> {
    const rows = await this.db.selectFrom('actions').select(['state', (eb) => eb.fn.countAll<string | number | bigint>().as('count')]).groupBy('state').execute();
    return rows.map((row) => ({ state: row.state as ActionState, count: Number(row.count) }));
  }

  async get(id: string): Promise<PendingAction | undefined> {
    const row = await this.db.selectFrom('actions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /**
   * Moves an action from `from` to `to` only if it is still in `from` (and, when given, not yet expired).
   * Returns whether this caller won the transition: two racing callers get exactly one `true`.
   */
  async transition(
    id: string,
    from: ActionState,
    to: ActionState,
    changes: { at: string; decidedBy?: string; result?: ActionResult; notExpiredAt?: string },
  ): Promise<boolean> {
    let query = this.db
      .updateTable('actions')
      .set({
        state: to,
        updated_at: changes.at,
        ...(changes.decidedBy !== undefined ? { decided_by: changes.decidedBy, decided_at: changes.at } : {}),
        ...(changes.result !== undefined ? { result_json: JSON.stringify(changes.result) } : {}),
      })
      .where('id', '=', id)
      .where('state', '=', from);
    if (changes.notExpiredAt) query = query.where('expires_at', '>', changes.notExpiredAt);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Proposed actions whose time ran out; the caller expires each with a conditional transition. */
  async findExpired(now: string): Promise<PendingAction[]> {
    const rows = await this.db.selectFrom('actions').selectAll().where('state', '=', 'proposed').where('expires_at', '<=', now).execute();
    return rows.map(fromRow);
  }

  /** Actions in `state` whose last update (a running action's heartbeat) is older than `before`. */
  async findStale(state: ActionState, before: string): Promise<PendingAction[]> {
    const rows = await this.db.selectFrom('actions').selectAll().where('state', '=', state).where('updated_at', '<', before).orderBy('created_at', 'asc').execute();
    return rows.map(fromRow);
  }

  /** A running action's lease: the process running it proves it is alive by touching `updated_at`. */
  async heartbeat(id: string, at: string): Promise<void> {
    await this.db.updateTable('actions').set({ updated_at: at }).where('id', '=', id).where('state', '=', 'running').execute();
  }

  async recent(limit: number, filter: { requester?: string; conversationId?: string; states?: ActionState[] } = {}): Promise<PendingAction[]> {
    let query = this.db.selectFrom('actions').selectAll();
    if (filter.requester) query = query.where('requester', '=', filter.requester);
    if (filter.conversationId) query = query.where('conversation_id', '=', filter.conversationId);
    if (filter.states?.length) query = query.where('state', 'in', filter.states);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(fromRow);
  }
}

function toRow(action: PendingAction): ActionsTable {
  return {
    id: action.id,
    tool: action.tool,
    args_json: JSON.stringify(action.args),
    args_hash: action.argsHash,
    requester: action.requester,
    origin_json: JSON.stringify(action.origin),
    conversation_id: action.origin.conversationId ?? null,
    state: action.state,
    permission: action.permission,
    approval_json: JSON.stringify(action.approval),
    policy_version: action.policyVersion,
    summary: action.summary,
    preview_json: action.preview ? JSON.stringify(action.preview) : null,
    preconditions_json: action.preconditions ? JSON.stringify(action.preconditions) : null,
    created_at: action.createdAt,
    expires_at: action.expiresAt,
    updated_at: action.updatedAt,
    decided_by: action.decidedBy,
    decided_at: action.decidedAt,
    result_json: action.result ? JSON.stringify(action.result) : null,
  };
}

function fromRow(row: ActionsTable): PendingAction {
  return {
    id: row.id,
    tool: row.tool,
    args: JSON.parse(row.args_json),
    argsHash: row.args_hash,
    requester: row.requester,
    origin: JSON.parse(row.origin_json),
    state: row.state as ActionState,
    permission: row.permission,
    approval: JSON.parse(row.approval_json),
    policyVersion: row.policy_version,
    summary: row.summary,
    preview: row.preview_json ? JSON.parse(row.preview_json) : null,
    ...(row.preconditions_json ? { preconditions: JSON.parse(row.preconditions_json) } : {}),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    result: row.result_json ? JSON.parse(row.result_json) : null,
  };
}
