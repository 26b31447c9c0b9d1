import type { Kysely } from 'kysely';
import { fixedQuery } from './fixed-query.js';
import type { Store } from './open-store.js';
import type { Database } from './schema.js';

/** Small JSON documents by namespace and key: demo fleet state, caches, budgets. */
export class KvRepository {
  // Read and written several times per Slack event (threads, alert cards, the demo fleet): fixed SQL, see fixed-query.ts.
  private readonly readOne;
  private readonly writeOne;

  constructor(private readonly store: Store) {
    this.readOne = fixedQuery<{ value_json: string }>(store, 'select "value_json" from "kv" where "namespace" = ? and "key" = ?');
    this.writeOne = fixedQuery(store, 'insert into "kv" ("namespace", "key", "value_json", "updated_at") values (?, ?, ?, ?) on conflict ("namespace", "key") do update set "value_json" = excluded."value_json", "updated_at" = excluded."updated_at"');
  }

  /** One document; `executor` reads it inside a transaction already open (on SQLite the plain store would wait for it). */
  async get<T>(namespace: string, key: string, executor?: Kysely<Database>): Promise<T | undefined> {
    if (executor) {
      const row = await executor.selectFrom('kv').select('value_json').where('namespace', '=', namespace).where('key', '=', key).executeTakeFirst();
      return row ? (JSON.parse(row.value_json) as T) : undefined;
    }
    const { rows } = await this.readOne([namespace, key]);
    return rows[0] ? (JSON.parse(rows[0].value_json) as T) : undefined;
  }

  async put(namespace: string, key: string, value: unknown): Promise<void> {
    await this.writeOne([namespace, key, JSON.stringify(value), new Date().toISOString()]);
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    const result = await this.store.db.deleteFrom('kv').where('namespace', '=', namespace).where('key', '=', key).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async list<T>(namespace: string): Promise<Array<{ key: string; value: T }>> {
    const rows = await this.store.db.selectFrom('kv').select(['key', 'value_json']).where('namespace', '=', namespace).orderBy('key').execute();
    return rows.map((row) => ({ key: row.key, value: JSON.parse(row.value_json) as T }));
  }

  /**
   * Read-modify-write of one document inside a transaction, so concurrent writers (two processes on one
   * SQLite file, or replicas on PostgreSQL) never lose each other's updates.
   */
  async update<T>(namespace: string, key: string, initial: () => T, change: (value: T) => T): Promise<T> {
    return this.store.db.transaction().execute(async (trx) => {
      const updated_at = new Date().toISOString();
      // Take the write lock first (SQLite) / the row lock (PostgreSQL) before reading.
      await trx
        .insertInto('kv')
        .values({ namespace, key, value_json: JSON.stringify(initial()), updated_at })
        .onConflict((conflict) => conflict.columns(['namespace', 'key']).doUpdateSet({ updated_at }))
        .execute();
      let lockQuery = trx.selectFrom('kv').select('value_json').where('namespace', '=', namespace).where('key', '=', key);
      if (this.store.dialect === 'postgres') lockQuery = lockQuery.forUpdate();
      const row = await lockQuery.executeTakeFirstOrThrow();
      const next = change(JSON.parse(row.value_json) as T);
      await trx.updateTable('kv').set({ value_json: JSON.stringify(next), updated_at }).where('namespace', '=', namespace).where('key', '=', key).execute();
      return next;
    });
  }
}
