import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { AuditLog, type AuditEntry } from '../src/audit/audit-log.js';
import { usageSince } from '../src/audit/usage.js';
import { openStore } from '../src/store/open-store.js';
import { sized } from './bench-size.js';

// A quick run (CI) writes a few thousand: it shows the bench still runs, not how 1M records behave.
const RECORDS = Number(process.env.USAGE_BENCH_RECORDS ?? sized(1_000_000, 9_000));
const DAYS = 90;
// One batch per day of the 90: appendAll stamps one time per batch.
const BATCH = Math.ceil(RECORDS / DAYS);
const PEOPLE = ['U00DEV', 'U00SRE', 'U00LEAD', 'U00LEAD2', 'U00VIEWER', 'U00WEB1', 'U00API1', 'U00PAY1'];
const FRONT_ENDS = ['slack', 'mcp', 'shell', 'cli'];

/**
 * `opsbot usage` over a long log: RECORDS audit records (default 1,000,000) spread over 90 days — calls, results,
 * proposals and approvals as the gateway writes them — then the usage aggregates for the last 30 and 7 days, timed,
 * with SQLite's query plan for the main aggregate (it must search an index, not scan the table).
 */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'opsbot-usage-bench-'));
  try {
    const start = Date.parse('2026-09-01T00:00:00Z');
    const batches = Math.ceil(RECORDS / BATCH);
    let clock = start;
    const store = await openStore({ dataDir });
    const audit = new AuditLog(store, () => new Date(clock));
    const began = performance.now();
    for (let batch = 0; batch < batches; batch++) {
      clock = start + Math.floor((batch / batches) * DAYS * 86_400_000);
      await audit.appendAll(Array.from({ length: Math.min(BATCH, RECORDS - batch * BATCH) }, (_, index) => entry(batch * BATCH + index)));
    }
    console.log(`usage: wrote ${RECORDS.toLocaleString('en-US')} records over ${DAYS} days in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    const end = start + DAYS * 86_400_000;
    // Each twice: the first read after writing pays for a cold page cache.
    for (const days of [30, 30, 7, 7]) {
      const since = new Date(end - days * 86_400_000).toISOString();
      const timed = performance.now();
      const usage = await usageSince(store, since);
      const calls = usage.people.reduce((sum, person) => sum + person.calls, 0);
      console.log(`usage --since ${days}d: ${(performance.now() - timed).toFixed(0)} ms (${calls.toLocaleString('en-US')} calls by the top people, ${usage.approvals.approved.toLocaleString('en-US')} approvals, ${usage.denied.length} denied kinds)`);
    }
    const since = new Date(end - 30 * 86_400_000).toISOString();
    for (const [what, query] of [
      ['per person', sql<{ detail: string }>`explain query plan select actor, count(*) from audit where event = 'call' and at >= ${since} group by actor`],
      ['per front end', sql<{ detail: string }>`explain query plan select json_extract(origin_json, '$.frontEnd'), count(*) from audit where event = 'call' and at >= ${since} group by json_extract(origin_json, '$.frontEnd')`],
    ] as const) {
      const plan = await query.execute(store.db);
      console.log(`usage plan, ${what}: ${plan.rows.map((row) => row.detail).join('; ')}`);
    }
    await store.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every fifth action is a proposal that is approved a minute or so later; the rest are calls and their results. */
function entry(index: number): AuditEntry {
  const actor = PEOPLE[index % PEOPLE.length]!;
  const origin = { frontEnd: FRONT_ENDS[index % FRONT_ENDS.length]! };
  const kind = index % 10;
  if (kind === 8) return { actor, event: 'proposed', tool: 'deploy', actionId: `act_${(index >> 1).toString(16).padStart(10, '0')}`, args: { service: 'api', environment: 'staging', version: `v1.${index % 90}.0` }, origin, decision: 'confirm' };
  if (kind === 9) return { actor: 'U00LEAD', event: 'approved', tool: 'deploy', actionId: `act_${((index - 1) >> 1).toString(16).padStart(10, '0')}`, origin, decision: 'allow' };
  if (kind === 7) return { actor, event: 'call', tool: 'deploy', args: { service: 'api', environment: 'production', version: 'v2.0.0' }, origin, decision: 'deny', detail: { permission: 'deploy:production', reason: `${actor} lacks deploy:production` } };
  if (kind % 2 === 0) return { actor, event: 'call', tool: ['service_status', 'alerts_list', 'oncall', 'deploy_history'][index % 4]!, args: {}, origin, decision: 'allow', detail: { permission: 'read:status' } };
  return { actor, event: 'result', tool: 'service_status', origin, decision: 'ok', detail: { text: 'api (production) OK' } };
}
