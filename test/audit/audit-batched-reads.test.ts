import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { createOpsbot } from '../../src/app.js';
import { validateConfig } from '../../src/app/validate-config.js';
import { demoConfig } from '../../src/config/demo-config.js';
import type { Store } from '../../src/store/open-store.js';
import { sqliteFactory } from '../support/stores.js';

let opened: Awaited<ReturnType<typeof sqliteFactory.open>>;
let store: Store;
let audit: AuditLog;

beforeEach(async () => {
  opened = await sqliteFactory.open();
  store = opened.store;
  audit = new AuditLog(store);
});
afterEach(async () => {
  await store.close();
  await opened.cleanup();
});

const read = (index: number) => ({ actor: 'U00VIEWER', event: 'call', tool: 'status', args: { service: `svc-${index}` }, decision: 'allow' });

/** What another process (or this one after a restart) finds in the file, without this log's buffer. */
async function seenFromOutside(): Promise<Array<{ seq: number; event: string; args: unknown }>> {
  const other = await opened.reopen();
  try {
    const outside = new AuditLog(other);
    const verdict = await outside.verify();
    expect(verdict.ok).toBe(true);
    return (await outside.tail(1000)).map((record) => ({ seq: record.seq, event: record.event, args: record.args }));
  } finally {
    await other.close();
  }
}

describe('records of reads, written a moment later in one transaction', () => {
  it('are all written, in order and chained, when the store closes', async () => {
    for (let index = 1; index <= 30; index++) audit.appendSoon(read(index));
    await store.close();
    store = await opened.reopen();
    const records = await new AuditLog(store).rows();
    expect(records.map((row) => JSON.parse(row.args_json!).service)).toEqual(Array.from({ length: 30 }, (_, index) => `svc-${index + 1}`));
    expect((await new AuditLog(store).verify()).ok).toBe(true);
  });

  it('go in before a mutation’s record, which is committed by the time append resolves', async () => {
    audit.appendSoon(read(1));
    audit.appendSoon(read(2));
    await audit.append({ actor: 'U00LEAD', event: 'proposed', tool: 'deploy', args: { service: 'frontend' }, decision: 'confirm' });
    expect(await seenFromOutside()).toEqual([
      { seq: 1, event: 'call', args: { service: 'svc-1' } },
      { seq: 2, event: 'call', args: { service: 'svc-2' } },
      { seq: 3, event: 'proposed', args: { service: 'frontend' } },
    ]);
  });

  it('are seen by every read of the log from this process, and flushed by themselves soon after', async () => {
    audit.appendSoon(read(1));
    expect((await audit.tail(5)).map((record) => record.args)).toEqual([{ service: 'svc-1' }]);
    audit.appendSoon(read(2));
    await expect.poll(async () => (await seenFromOutside()).length).toBe(2);
  });

  it('stay buffered when a write fails, and are written whole once it can be', async () => {
    audit.appendSoon(read(1));
    const head = await store.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    await store.db.deleteFrom('audit_head').execute();
    audit.appendSoon(read(2));
    await expect(audit.flush()).rejects.toMatchObject({ code: 'audit_head_missing' });
    await store.db.insertInto('audit_head').values(head).execute();
    audit.appendSoon(read(3));
    await audit.flush();
    expect((await seenFromOutside()).map((record) => record.args)).toEqual([{ service: 'svc-1' }, { service: 'svc-2' }, { service: 'svc-3' }]);
  });
});

describe('a read through the gateway', () => {
  it('leaves its decision and result in the chain once opsbot closes', async () => {
    const dataDir = opened.dataDir!;
    const opsbot = await createOpsbot({ config: validateConfig(demoConfig), dataDir, env: {} });
    const outcome = await opsbot.gateway.call({ actor: 'U00VIEWER', tool: 'service_status', args: { service: 'frontend' }, origin: { frontEnd: 'shell' } });
    expect(outcome.status).toBe('ok');
    await opsbot.close();
    const records = await seenFromOutside();
    expect(records.filter((record) => record.event === 'call' || record.event === 'result').map((record) => record.event)).toEqual(['call', 'result']);
  });
});
