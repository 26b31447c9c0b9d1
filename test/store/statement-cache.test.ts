import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cachingStatements } from '../../src/store/statement-cache.js';

describe('cachingStatements', () => {
  it('prepares each SQL text once', () => {
    const database = new BetterSqlite3(':memory:');
    let prepared = 0;
    const prepare = database.prepare.bind(database);
    database.prepare = ((sql: string) => {
      prepared += 1;
      return prepare(sql);
    }) as typeof database.prepare;
    const cached = cachingStatements(database);
    cached.prepare('create table t (n integer)').run();
    for (let n = 0; n < 5; n += 1) cached.prepare('insert into t (n) values (?)').run(n);
    expect(cached.prepare('select count(*) as c from t').get()).toEqual({ c: 5 });
    expect(prepared).toBe(3);
  });

  it('gives a fresh statement while the cached one is still being iterated', () => {
    const cached = cachingStatements(new BetterSqlite3(':memory:'));
    cached.exec('create table t (n integer); insert into t values (1), (2), (3);');
    const seen: number[] = [];
    for (const row of cached.prepare('select n from t order by n').iterate() as Iterable<{ n: number }>) {
      // The same text again during the iteration: a busy statement would throw "This statement is busy executing a query".
      const inner = cached.prepare('select n from t order by n').all() as Array<{ n: number }>;
      seen.push(row.n * 10 + inner.length);
    }
    expect(seen).toEqual([13, 23, 33]);
  });
});
