import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, type AuditEntry } from '../../src/audit/audit-log.js';
import { MAX_SEARCH_ROWS } from '../../src/audit/audit-search.js';
import { postgresAvailable, postgresFactory, sqliteFactory, type StoreFactory } from '../support/stores.js';

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn('PostgreSQL not reachable: skipping its audit search tests');

const filler = (count: number): AuditEntry[] =>
  Array.from({ length: count }, (_, index) => ({ actor: 'U00SRE', event: 'result', tool: 'service_status', args: { service: 'api' }, decision: 'ok', detail: { text: `api healthy ${index}` } }));

/** Free-text search contract, the same on each dialect. */
function contract(factory: StoreFactory) {
  let opened: Awaited<ReturnType<StoreFactory['open']>>;
  let audit: AuditLog;
  beforeAll(async () => {
    opened = await factory.open();
    audit = new AuditLog(opened.store);
    // The needles sit in the oldest records, behind more than 5,000 newer ones.
    await audit.append({ actor: 'U00LEAD', event: 'call', tool: 'page', args: { message: 'Payments DB failover at 100%_load' }, decision: 'confirm' });
    await audit.append({ actor: 'U00DEV', event: 'call', tool: 'page', args: { message: 'payments db failover drill' }, decision: 'confirm' });
    await audit.appendAll(filler(5_200));
    await audit.append({ actor: 'U00DEV', event: 'call', tool: 'deploy', args: { service: 'frontend', version: 'v2.4.0' }, detail: { note: 'xyzzy ok' } });
  }, 60_000);
  afterAll(async () => {
    await opened.store.close();
    await opened.cleanup();
  });

  it('finds text anywhere in the history, not only the newest records, ignoring case', async () => {
    const found = await audit.search({ text: 'DB FAILOVER' });
    expect(found.map((record) => record.seq)).toEqual([1, 2]);
    expect(found[0]!.args).toEqual({ message: 'Payments DB failover at 100%_load' });
  });

  it('matches the exact text: % and _ are not wildcards', async () => {
    expect((await audit.search({ text: '100%_load' })).map((record) => record.seq)).toEqual([1]);
    expect(await audit.search({ text: '1%0' })).toEqual([]);
    expect(await audit.search({ text: 'failover_at' })).toEqual([]);
  });

  it('combines text with the other filters, and searches short text too', async () => {
    expect((await audit.search({ text: 'failover', actor: 'U00DEV' })).map((record) => record.seq)).toEqual([2]);
    expect((await audit.search({ text: 'failover', tool: 'deploy' }))).toEqual([]);
    expect((await audit.search({ text: 'zz', limit: 5 })).map((record) => record.seq)).toEqual([5_203]);
  });

  it('returns the newest matches, oldest first, never more than the limit', async () => {
    const newest = await audit.search({ text: 'api healthy', limit: 3 });
    expect(newest.map((record) => record.seq)).toEqual([5_200, 5_201, 5_202]);
    expect(await audit.search({ text: 'api healthy', limit: 100_000 })).toHaveLength(MAX_SEARCH_ROWS);
    expect(await audit.search({ text: 'healthy' })).toHaveLength(20);
  });
}

describe('audit search on SQLite', () => contract(sqliteFactory));
describe.skipIf(!hasPostgres)('audit search on PostgreSQL', () => contract(postgresFactory));
