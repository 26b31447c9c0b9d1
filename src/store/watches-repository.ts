import { createHash } from 'node:crypto';
import type { Store } from './open-store.js';
import type { WatchersTable } from './schema.js';
import type { Watch, WatchesPort } from './watches.js';

/** A watch with when the poller last looked at it. */
export interface StoredWatch extends Watch {
  checkedAt: string | null;
}

/** Status watches (`status stalk`) in the `watchers` table, plus the poller's bookkeeping. */
export class WatchesRepository implements WatchesPort {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Idempotent per (target, conversation): the id is derived from both, so the primary key makes a second add (even
   * a concurrent one from another replica) a no-op on both SQLite and PostgreSQL without a separate unique index.
   */
  async add(request: { target: string; owner: string; origin: unknown; conversation: string; lastStatus?: string }): Promise<{ watch: StoredWatch; created: boolean }> {
    const target = request.target.trim();
    const id = watchId(target, request.conversation);
    const at = this.now().toISOString();
    const origin = { ...((request.origin ?? {}) as object), watchConversation: request.conversation };
    const result = await this.store.db
      .insertInto('watchers')
      .values({ id, target, owner: request.owner, origin_json: JSON.stringify(origin), last_status: request.lastStatus ?? null, created_at: at, checked_at: request.lastStatus ? at : null, seq: 0 })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .executeTakeFirst();
    const watch = await this.get(id);
    if (!watch) throw new Error(`watch ${id} vanished right after it was added`);
    return { watch, created: Number(result.numInsertedOrUpdatedRows ?? 0) > 0 };
  }

  async remove(request: { target: string; conversation: string }): Promise<boolean> {
    const result = await this.store.db.deleteFrom('watchers').where('id', '=', watchId(request.target.trim(), request.conversation)).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async list(conversation?: string): Promise<StoredWatch[]> {
    const rows = await this.store.db.selectFrom('watchers').selectAll().orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
    const watches = rows.map(fromRow);
    // The conversation is kept in the origin (no column of its own), so one conversation's watches are read from it.
    return conversation === undefined ? watches : watches.filter((watch) => (watch.origin as { watchConversation?: string } | null)?.watchConversation === conversation);
  }

  async get(id: string): Promise<StoredWatch | null> {
    const row = await this.store.db.selectFrom('watchers').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  /**
   * Records the status the poller saw. With `expected`, only if the stored status is still that value, so when
   * several replicas poll, exactly one of them wins the change (and reports it). Returns whether it was written.
   */
  async setLastStatus(id: string, status: string, checkedAt: string, options: { expected?: string | null } = {}): Promise<boolean> {
    let query = this.store.db
      .updateTable('watchers')
      .set((eb) => ({ last_status: status, checked_at: checkedAt, seq: eb('seq', '+', 1) }))
      .where('id', '=', id);
    if (options.expected !== undefined) query = options.expected === null ? query.where('last_status', 'is', null) : query.where('last_status', '=', options.expected);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

/** Stable id of the watch of `target` in `conversation`. */
export function watchId(target: string, conversation: string): string {
  return `watch-${createHash('sha256').update(`${conversation}\n${target}`).digest('hex').slice(0, 16)}`;
}

function fromRow(row: Pick<WatchersTable, 'id' | 'target' | 'owner' | 'origin_json' | 'last_status' | 'created_at' | 'checked_at'>): StoredWatch {
  return {
    id: row.id,
    target: row.target,
    owner: row.owner,
    origin: JSON.parse(row.origin_json) as unknown,
    lastStatus: row.last_status,
    createdAt: row.created_at,
    checkedAt: row.checked_at,
  };
}
