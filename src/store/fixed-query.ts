import { CompiledQuery, type QueryResult } from 'kysely';
import type { Store } from './open-store.js';

/** A query run on every Slack event: its SQL text, written once, with its parameters in order. */
export type FixedQuery<Row> = (parameters: readonly unknown[]) => Promise<QueryResult<Row>>;

/**
 * A query on the per-event path (the dedupe claim, small kv reads and writes) as SQL text fixed once for the
 * store's dialect and run through Kysely's executor: building and compiling the same query with the query builder
 * cost more than SQLite took to run it. Write it with `?` placeholders (SQLite's); PostgreSQL gets `$1, $2, …`.
 * Only plain statements both dialects read alike belong here; everything else uses the query builder.
 */
export function fixedQuery<Row = unknown>(store: Store, text: string): FixedQuery<Row> {
  let index = 0;
  const sql = store.dialect === 'postgres' ? text.replace(/\?/g, () => `$${++index}`) : text;
  return (parameters) => store.db.executeQuery<Row>(CompiledQuery.raw(sql, [...parameters]));
}
