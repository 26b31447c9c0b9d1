import { sql } from 'kysely';
import type { Store } from '../store/open-store.js';

/** How opsbot was used since a time, from the audit log: who asks what, from where, what is approved and what refused. */
export interface Usage {
  since: string;
  /** Requests (gateway calls) per person, most first. */
  people: Array<{ actor: string; calls: number }>;
  /** Requests per front end (slack, mcp, shell, cli, …). */
  frontEnds: Array<{ frontEnd: string; calls: number }>;
  /** Tools asked for and allowed or proposed, most first. */
  tools: Array<{ tool: string; calls: number }>;
  approvals: { approved: number; medianSecondsToApproval: number | null; rejected: number; refusedApprovals: Array<{ reason: string; count: number }> };
  /** What policy refused: the changes people try that the team may want to allow. */
  denied: Array<{ tool: string; permission: string; count: number }>;
}

const TOP = 10;

/**
 * Aggregates over the audit log in the database (GROUP BY on the indexed event and time, migration 0006), so a
 * million records are never read into memory; only approvals are paired with their proposals row by row.
 */
export async function usageSince(store: Store, since: string): Promise<Usage> {
  const db = store.db;
  const calls = db.selectFrom('audit').where('event', '=', 'call').where('at', '>=', since);
  // Exactly the expression migration 0006 indexes, so the aggregate reads it from the index, not from each row.
  const frontEnd = store.dialect === 'sqlite' ? sql<string | null>`json_extract(origin_json, '$.frontEnd')` : sql<string | null>`(origin_json::json->>'frontEnd')`;
  const permission = store.dialect === 'sqlite' ? sql<string>`coalesce(json_extract(detail_json, '$.permission'), '')` : sql<string>`coalesce(detail_json::json->>'permission', '')`;
  const reason = store.dialect === 'sqlite' ? sql<string>`coalesce(json_extract(detail_json, '$.reason'), '')` : sql<string>`coalesce(detail_json::json->>'reason', '')`;
  const count = sql<string | number>`count(*)`;

  const [people, frontEnds, tools, denied, approvedPairs, rejected, refused] = await Promise.all([
    calls.select(['actor', count.as('calls')]).groupBy('actor').orderBy('calls', 'desc').limit(TOP).execute(),
    calls.select([frontEnd.as('front_end'), count.as('calls')]).groupBy(frontEnd).orderBy('calls', 'desc').execute(),
    calls.where('decision', 'in', ['allow', 'confirm']).select([sql<string>`coalesce(tool, '')`.as('tool'), count.as('calls')]).groupBy('tool').orderBy('calls', 'desc').limit(TOP).execute(),
    calls.where('decision', '=', 'deny').select([sql<string>`coalesce(tool, '')`.as('tool'), permission.as('permission'), count.as('count')]).groupBy(['tool', permission]).orderBy('count', 'desc').limit(TOP).execute(),
    db
      .selectFrom('audit as approved')
      .innerJoin('audit as proposed', (join) => join.onRef('proposed.action_id', '=', 'approved.action_id').on('proposed.event', '=', 'proposed'))
      .where('approved.event', '=', 'approved')
      .where('approved.at', '>=', since)
      .select(['proposed.at as proposed_at', 'approved.at as approved_at'])
      .execute(),
    db.selectFrom('audit').where('event', '=', 'rejected').where('at', '>=', since).select(count.as('count')).executeTakeFirst(),
    db.selectFrom('audit').where('event', '=', 'approve-denied').where('at', '>=', since).select([reason.as('reason'), count.as('count')]).groupBy(reason).orderBy('count', 'desc').limit(TOP).execute(),
  ]);
  const waits = approvedPairs.map((pair) => (Date.parse(pair.approved_at) - Date.parse(pair.proposed_at)) / 1000).sort((a, b) => a - b);
  return {
    since,
    people: people.map((row) => ({ actor: row.actor, calls: Number(row.calls) })),
    frontEnds: frontEnds.map((row) => ({ frontEnd: row.front_end ?? 'unknown', calls: Number(row.calls) })),
    tools: tools.map((row) => ({ tool: row.tool, calls: Number(row.calls) })),
    approvals: {
      approved: waits.length,
      medianSecondsToApproval: waits.length ? Math.round(median(waits)) : null,
      rejected: Number(rejected?.count ?? 0),
      refusedApprovals: refused.map((row) => ({ reason: row.reason, count: Number(row.count) })),
    },
    denied: denied.map((row) => ({ tool: row.tool, permission: row.permission, count: Number(row.count) })),
  };
}

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Usage as lines a person reads; `teamOf` adds each person's team(s). */
export function formatUsage(usage: Usage, teamOf: (actor: string) => string[] = () => []): string[] {
  const teams = new Map<string, number>();
  for (const person of usage.people) for (const team of teamOf(person.actor)) teams.set(team, (teams.get(team) ?? 0) + person.calls);
  const list = <T>(items: T[], line: (item: T) => string) => (items.length ? items.map((item) => `  ${line(item)}`) : ['  none']);
  const { approvals } = usage;
  return [
    `Usage since ${usage.since}:`,
    'Requests per person:',
    ...list(usage.people, (person) => `${person.actor}${teamOf(person.actor).length ? ` (${teamOf(person.actor).join(', ')})` : ''}: ${person.calls}`),
    'Requests per team:',
    ...list([...teams].sort((a, b) => b[1] - a[1]), ([team, calls]) => `${team}: ${calls}`),
    'Front ends:',
    ...list(usage.frontEnds, (entry) => `${entry.frontEnd}: ${entry.calls}`),
    'Most-used tools:',
    ...list(usage.tools, (entry) => `${entry.tool}: ${entry.calls}`),
    `Approvals: ${approvals.approved} approved${approvals.medianSecondsToApproval === null ? '' : ` (median ${approvals.medianSecondsToApproval} s from request to approval)`}, ${approvals.rejected} rejected`,
    ...approvals.refusedApprovals.map((entry) => `  approval refused ${entry.count}×: ${entry.reason}`),
    'Denied requests (changes people try that policy refuses):',
    ...list(usage.denied, (entry) => `${entry.tool} (${entry.permission || 'no permission'}): ${entry.count}`),
  ];
}
