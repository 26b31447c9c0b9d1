import { createHmac } from 'node:crypto';
import { canonicalJson, sha256 } from '../util/canonical-json.js';
import { redact } from '../util/redact.js';
import type { Store } from '../store/open-store.js';
import type { Kysely } from 'kysely';
import type { AuditTable, Database } from '../store/schema.js';
import { type ChainVerdict, verifyChain } from './verify-chain.js';

/** What happened, as one audit entry: a gateway decision, a transition of a pending action, or an outcome. */
export interface AuditEntry {
  actor: string;
  event: string;
  tool?: string;
  actionId?: string;
  args?: unknown;
  origin?: unknown;
  decision?: string;
  detail?: unknown;
}

/** An audit entry as stored, with its place in the hash chain. */
export interface AuditRecord extends AuditEntry {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string;
  tool?: string;
  actionId?: string;
  event?: string;
  text?: string;
  since?: string;
  limit?: number;
}

/** Append-only, hash-chained log: each record's hash covers its content and the previous record's hash. */
export class AuditLog {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
    /** With a key (OPSBOT_AUDIT_KEY, kept outside the database), links are HMACs: a rewritten chain cannot be re-signed. */
    private readonly key?: string,
  ) {}

  /** Walks the whole chain with this log's key; see verify-chain.ts for what each failure means. */
  async verify(): Promise<ChainVerdict> {
    return verifyChain(await this.rows(), await this.head(), this.key);
  }

  /** Appends one record; given `executor` (a transaction), it is written as part of that transaction. */
  async append(entry: AuditEntry, executor?: Kysely<Database>): Promise<AuditRecord> {
    const clean = bounded(redact(entry));
    const write = async (trx: Kysely<Database>) => {
      const at = this.now().toISOString();
      // Write first so the transaction holds the write lock (SQLite) or the head row lock (PostgreSQL) before it reads the head.
      await trx.updateTable('audit_head').set({ touched_at: at }).where('id', '=', 1).execute();
      const head = await trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
      const row = toRow({ ...clean, seq: Number(head.seq) + 1, at, prevHash: head.hash, hash: '' });
      row.hash = hashRow(row, this.key);
      await trx.insertInto('audit').values(row).execute();
      await trx.updateTable('audit_head').set({ seq: row.seq, hash: row.hash }).where('id', '=', 1).execute();
      return fromRow(row);
    };
    return executor ? write(executor) : this.store.db.transaction().execute(write);
  }

  async tail(count: number): Promise<AuditRecord[]> {
    const rows = await this.store.db.selectFrom('audit').selectAll().orderBy('seq', 'desc').limit(count).execute();
    return rows.reverse().map(fromRow);
  }

  async search(filter: AuditFilter): Promise<AuditRecord[]> {
    let query = this.store.db.selectFrom('audit').selectAll();
    if (filter.actor) query = query.where('actor', '=', filter.actor);
    if (filter.tool) query = query.where('tool', '=', filter.tool);
    if (filter.actionId) query = query.where('action_id', '=', filter.actionId);
    if (filter.event) query = query.where('event', '=', filter.event);
    if (filter.since) query = query.where('at', '>=', filter.since);
    const rows = await query.orderBy('seq', 'desc').limit(filter.text ? 5000 : (filter.limit ?? 20)).execute();
    const records = rows.map(fromRow);
    const matched = filter.text ? records.filter((record) => JSON.stringify(record).toLowerCase().includes(filter.text!.toLowerCase())) : records;
    return matched.slice(0, filter.limit ?? 20).reverse();
  }

  /** Walks the whole chain; see verify-chain.ts for what each failure means. */
  async rows(): Promise<AuditTable[]> {
    return this.store.db.selectFrom('audit').selectAll().orderBy('seq', 'asc').execute();
  }

  async head(): Promise<{ seq: number; hash: string }> {
    const head = await this.store.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    return { seq: Number(head.seq), hash: head.hash };
  }
}

// Anyone may send arguments, even a user with no roles: a record keeps at most this much of them, plus a digest.
const MAX_FIELD_CHARS = 4096;

/** Caps the caller-controlled parts of an entry so no request can bloat the log. */
function bounded(entry: AuditEntry): AuditEntry {
  const out: AuditEntry = { ...entry };
  if (out.tool && out.tool.length > 100) out.tool = `${out.tool.slice(0, 100)}…`;
  for (const field of ['args', 'detail'] as const) {
    if (out[field] === undefined) continue;
    const text = canonicalJson(out[field]);
    if (text.length > MAX_FIELD_CHARS) out[field] = { truncated: true, chars: text.length, sha256: sha256(text), preview: text.slice(0, 512) };
  }
  return out;
}

/** A record's link: SHA-256 of its content and predecessor, or an HMAC of the same when a key is configured. */
export function hashRow(row: AuditTable, key?: string): string {
  const { hash: _hash, ...content } = row;
  const text = canonicalJson({ ...content, seq: Number(content.seq) });
  return key ? createHmac('sha256', key).update(text).digest('hex') : sha256(text);
}

function toRow(record: AuditRecord): AuditTable {
  return {
    seq: record.seq,
    at: record.at,
    actor: record.actor,
    event: record.event,
    tool: record.tool ?? null,
    action_id: record.actionId ?? null,
    args_json: record.args === undefined ? null : canonicalJson(record.args),
    origin_json: record.origin === undefined ? null : canonicalJson(record.origin),
    decision: record.decision ?? null,
    detail_json: record.detail === undefined ? null : canonicalJson(record.detail),
    prev_hash: record.prevHash,
    hash: record.hash,
  };
}

export function fromRow(row: AuditTable): AuditRecord {
  const record: AuditRecord = { seq: Number(row.seq), at: row.at, actor: row.actor, event: row.event, prevHash: row.prev_hash, hash: row.hash };
  if (row.tool) record.tool = row.tool;
  if (row.action_id) record.actionId = row.action_id;
  if (row.args_json) record.args = JSON.parse(row.args_json);
  if (row.origin_json) record.origin = JSON.parse(row.origin_json);
  if (row.decision) record.decision = row.decision;
  if (row.detail_json) record.detail = JSON.parse(row.detail_json);
  return record;
}
