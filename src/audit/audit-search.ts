import { sql } from 'kysely';
import type { Store } from '../store/open-store.js';
import { AUDIT_SEARCH_TEXT } from '../store/migrations.js';
import type { AuditTable } from '../store/schema.js';

/** What to look for in the audit log; all given fields must match. `text` is a case-insensitive substring. */
export interface AuditFilter {
  actor?: string;
  tool?: string;
  actionId?: string;
  event?: string;
  text?: string;
  since?: string;
  limit?: number;
}

/** Most records one search returns, whatever the caller asks for. */
export const MAX_SEARCH_ROWS = 500;
const DEFAULT_SEARCH_ROWS = 20;

// SQLite's trigram index needs three characters to narrow anything down; shorter text is checked row by row.
const TRIGRAM = 3;

/**
 * The newest records matching `filter`, newest first, at most `limit` (capped at MAX_SEARCH_ROWS). Free text is
 * searched over the whole history in the database: SQLite through its FTS5 trigram index (migration 0003), whose
 * candidates are confirmed as exact substrings; PostgreSQL with ILIKE over the same text, newest first.
 */
export async function searchAuditRows(store: Store, filter: AuditFilter): Promise<AuditTable[]> {
  const limit = Math.min(Math.max(1, Math.trunc(filter.limit ?? DEFAULT_SEARCH_ROWS)), MAX_SEARCH_ROWS);
  // The FTS5 table exists only on SQLite, so it is declared here rather than in the shared schema.
  const db = store.db.withTables<{ audit_text: { rowid: number; body: string } }>();
  let query = db.selectFrom('audit').selectAll('audit');
  if (filter.actor) query = query.where('audit.actor', '=', filter.actor);
  if (filter.tool) query = query.where('audit.tool', '=', filter.tool);
  if (filter.actionId) query = query.where('audit.action_id', '=', filter.actionId);
  if (filter.event) query = query.where('audit.event', '=', filter.event);
  if (filter.since) query = query.where('audit.at', '>=', filter.since);
  const text = filter.text?.trim();
  if (text) {
    const needle = text.toLowerCase();
    if (store.dialect === 'sqlite') {
      query = query.innerJoin('audit_text', 'audit_text.rowid', 'audit.seq');
      // LIKE lets the trigram index find candidates, but reads % and _ as wildcards: instr confirms the exact text.
      if ([...needle].length >= TRIGRAM) query = query.where(sql<boolean>`audit_text.body like ${`%${needle}%`}`);
      query = query.where(sql<boolean>`instr(lower(audit_text.body), ${needle}) > 0`);
    } else {
      query = query.where(sql<boolean>`strpos(lower(${sql.raw(AUDIT_SEARCH_TEXT.replaceAll('$.', 'audit.'))}), ${needle}) > 0`);
    }
  }
  return query.orderBy('audit.seq', 'desc').limit(limit).execute();
}
