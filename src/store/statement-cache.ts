import type BetterSqlite3 from 'better-sqlite3';

// Distinct statements opsbot runs are a few hundred at most; the bound only keeps a pathological caller in check.
const MAX_CACHED = 500;

/**
 * Kysely's SQLite driver prepares every query anew, and compiling SQL was a third of a Slack event's store time.
 * This keeps prepared statements by their SQL text. A statement still being iterated (a streamed read) is busy,
 * so a query with the same text meanwhile gets a fresh one.
 */
export function cachingStatements(database: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string): BetterSqlite3.Statement => {
    const cached = cache.get(sql);
    if (cached && !cached.busy) return cached;
    const statement = database.prepare(sql);
    if (!cached) {
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(sql, statement);
    }
    return statement;
  };
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
