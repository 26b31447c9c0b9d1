import type { Kysely } from 'kysely';
import { OpsbotError } from '../errors.js';
import type { Store } from '../store/open-store.js';
import type { AuditTable, Database } from '../store/schema.js';
import { canonicalJson, sha256 } from '../util/canonical-json.js';
import { redact } from '../util/redact.js';
import { type AuditFilter, searchAuditRows } from './audit-search.js';
import type { Checkpoint } from './checkpoint.js';
import { hashRow } from './hash-row.js';
import { type ChainHead, type ChainVerdict, ChainWalker } from './verify-chain.js';

export type { AuditFilter } from './audit-search.js';

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

/** How `verify` walks the log. */
export interface VerifyOptions {
  /** Signed checkpoints from outside the database; each must still name a record with the same hash. */
  checkpoints?: Checkpoint[];
  /** Called every `progressEvery` records (default 100,000) with how many were checked of how many the head names. */
  onProgress?(checked: number, total: number): void;
  progressEvery?: number;
  /** Records read per query (keyset pagination over seq). */
  batchSize?: number;
}

const VERIFY_BATCH = 2000;
// Rows per multi-row insert: 12 columns each stays well inside SQLite's and PostgreSQL's bound-parameter limits.
const INSERT_CHUNK = 500;
const PROGRESS_EVERY = 100_000;
// How long a read's record may wait to be written with others (one commit for many records), and how many may wait.
// A commit also flushes the audit text index (FTS5 trigrams), which costs about as much as the rows themselves: at
// 200 events/s, 100 ms makes one commit of about 40 records instead of five of 8, a third less audit CPU per event.
const FLUSH_DELAY_MS = 100;
const FLUSH_BATCH = 200;
const RETRY_DELAY_MS = 1000;

/** A record's columns but its place in the chain (seq and hashes). */
type RecordColumns = Omit<AuditTable, 'seq' | 'prev_hash' | 'hash'>;

/** An entry redacted and bounded, with the time it happened, waiting for its place in the chain. */
interface PendingRecord {
  columns: RecordColumns;
  /** Arrival order: records a failed write hands back go in again where they were. */
  order?: number;
}

/** Append-only, hash-chained log: each record's hash covers its content and the previous record's hash. */
export class AuditLog {
  private readonly pending: PendingRecord[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private closeHooked = false;
  private arrivals = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
    /** With a key (OPSBOT_AUDIT_KEY, kept outside the database), links are HMACs: a rewritten chain cannot be re-signed. */
    private readonly key?: string,
  ) {}

  /**
   * Walks the whole chain with this log's key in seq order, a batch at a time (keyset pagination), so memory
   * stays constant however long the log is; see verify-chain.ts for what each failure means. The walk reads one
   * snapshot, so records appended meanwhile neither break it nor count.
   */
  async verify(options: VerifyOptions = {}): Promise<ChainVerdict> {
    await this.flush();
    const batchSize = options.batchSize ?? VERIFY_BATCH;
    const every = options.progressEvery ?? PROGRESS_EVERY;
    const walk = async (db: Kysely<Database>): Promise<ChainVerdict> => {
      const head = await readHead(db);
      const walker = new ChainWalker(this.key, options.checkpoints);
      let after = 0;
      let checked = 0;
      for (;;) {
        const rows = await db.selectFrom('audit').selectAll().where('seq', '>', after).orderBy('seq', 'asc').limit(batchSize).execute();
        for (const row of rows) {
          walker.push(row);
          if (++checked % every === 0) options.onProgress?.(checked, head?.seq ?? checked);
        }
        if (walker.failed || rows.length < batchSize) break;
        after = Number(rows[rows.length - 1]!.seq);
      }
      return walker.finish(head);
    };
    const transaction = this.store.db.transaction();
    return this.store.dialect === 'postgres' ? transaction.setIsolationLevel('repeatable read').execute(walk) : transaction.execute(walk);
  }

  /**
   * Appends one record and resolves once it is committed; given `executor` (a transaction), it is written as part of
   * that transaction. Records of reads still waiting (`appendSoon`) go first in the same transaction, so the log
   * keeps the order things happened in.
   */
  async append(entry: AuditEntry, executor?: Kysely<Database>): Promise<AuditRecord> {
    const pending = { columns: columnsOf(entry, this.now().toISOString()) };
    if (executor) return fromRow(await this.writeRecords(executor, [pending]));
    const waiting = this.pending.splice(0);
    try {
      return fromRow(await this.store.db.transaction().execute((trx) => this.writeRecords(trx, [...waiting, pending])));
    } catch (error) {
      this.handBack(waiting);
      throw error;
    }
  }

  /**
   * Records a read's decision or result without making the read wait for a commit: buffered, and written with the
   * records around it in one transaction within `FLUSH_DELAY_MS`, on the next `append`, on any read of the log from
   * this process, and when the store closes. A crash may lose the last tenth of a second of reads' records, never a
   * mutation's: a decision that changes the world goes through `append`, committed before anything acts on it.
   */
  appendSoon(entry: AuditEntry): void {
    this.pending.push({ columns: columnsOf(entry, this.now().toISOString()), order: this.arrivals++ });
    if (!this.closeHooked) {
      this.closeHooked = true;
      this.store.beforeClose(() => this.flush());
    }
    if (this.pending.length >= FLUSH_BATCH) this.scheduleFlush(0);
    else this.scheduleFlush(FLUSH_DELAY_MS);
  }

  /** Writes every buffered record now, in one transaction; entries a failed write held stay buffered for the next try. */
  async flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const waiting = this.pending.splice(0);
    if (waiting.length === 0) return;
    try {
      await this.store.db.transaction().execute((trx) => this.writeRecords(trx, waiting));
    } catch (error) {
      this.handBack(waiting);
      throw error;
    }
  }

  /** Puts back the buffered records a failed write took, in arrival order among those buffered since. */
  private handBack(records: PendingRecord[]): void {
    this.pending.unshift(...records);
    this.pending.sort((left, right) => left.order! - right.order!);
  }

  /**
   * Appends many records in one transaction (imports, benchmarks): the head is read and written once, rows go in
   * multi-row inserts. The chain is the same as appending them one by one.
   */
  async appendAll(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const at = this.now().toISOString();
    await this.store.db.transaction().execute((trx) => this.writeRecords(trx, entries.map((entry) => ({ columns: columnsOf(entry, at) }))));
  }

  /**
   * Chains `records` onto the head inside `trx`. It writes the head first, so the transaction holds the write lock
   * (SQLite) or the head row's lock (PostgreSQL) before it reads the head: two writers never chain onto one record.
   * Returns the last row written.
   */
  private async writeRecords(trx: Kysely<Database>, records: PendingRecord[]): Promise<AuditTable> {
    await trx.updateTable('audit_head').set({ touched_at: records[records.length - 1]!.columns.at }).where('id', '=', 1).execute();
    const head = await readHead(trx);
    if (!head) throw headMissing('cannot append to the audit log');
    let { seq, hash } = head;
    let last: AuditTable | undefined;
    for (let start = 0; start < records.length; start += INSERT_CHUNK) {
      const rows = records.slice(start, start + INSERT_CHUNK).map(({ columns }) => {
        const row: AuditTable = { ...columns, seq: ++seq, prev_hash: hash, hash: '' };
        row.hash = hash = hashRow(row, this.key);
        last = row;
        return row;
      });
      await trx.insertInto('audit').values(rows).execute();
    }
    await trx.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1).execute();
    return last!;
  }

  private scheduleFlush(delayMs: number): void {
    if (this.flushTimer && delayMs > 0) return;
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      // A failed write keeps its records buffered; try again a little later rather than in a tight loop. The retry
      // does not hold the process open: closing the store flushes (and reports a failure) anyway.
      this.flush().catch(() => {
        this.scheduleFlush(RETRY_DELAY_MS);
        this.flushTimer?.unref();
      });
    }, delayMs);
  }

  async tail(count: number): Promise<AuditRecord[]> {
    await this.flush();
    const rows = await this.store.db.selectFrom('audit').selectAll().orderBy('seq', 'desc').limit(count).execute();
    return rows.reverse().map(fromRow);
  }

  /** The newest matching records (free text over the whole history, see audit-search.ts), oldest first. */
  async search(filter: AuditFilter): Promise<AuditRecord[]> {
    await this.flush();
    const rows = await searchAuditRows(this.store, filter);
    return rows.reverse().map(fromRow);
  }

  /** Every record in memory: for tests and small logs only; `verify` streams instead. */
  async rows(): Promise<AuditTable[]> {
    await this.flush();
    return this.store.db.selectFrom('audit').selectAll().orderBy('seq', 'asc').execute();
  }

  /** Where the log ends; a clear error when its head row was deleted outside opsbot. */
  async head(): Promise<{ seq: number; hash: string }> {
    await this.flush();
    const head = await readHead(this.store.db);
    if (!head) throw headMissing('the audit log has no head');
    return head;
  }
}

async function readHead(db: Kysely<Database>): Promise<ChainHead> {
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  return head ? { seq: Number(head.seq), hash: head.hash } : null;
}

function headMissing(what: string): OpsbotError {
  return new OpsbotError('audit_head_missing', `${what}: its head row (table audit_head, id 1) is missing, deleted outside opsbot; run \`opsbot audit verify\` to check the records`);
}

// Anyone may send arguments, even a user with no roles: a record keeps at most this much of them, plus a digest.
const MAX_FIELD_CHARS = 4096;

/** An entry's columns, redacted, with the caller-controlled parts capped so no request can bloat the log; each part serialized once. */
function columnsOf(entry: AuditEntry, at: string): RecordColumns {
  const clean = redact(entry);
  return {
    at,
    actor: clean.actor,
    event: clean.event,
    tool: clean.tool === undefined ? null : clean.tool.length > 100 ? `${clean.tool.slice(0, 100)}…` : clean.tool,
    action_id: clean.actionId ?? null,
    args_json: boundedJson(clean.args),
    origin_json: clean.origin === undefined ? null : canonicalJson(clean.origin),
    decision: clean.decision ?? null,
    detail_json: boundedJson(clean.detail),
  };
}

function boundedJson(value: unknown): string | null {
  if (value === undefined) return null;
  const text = canonicalJson(value);
  return text.length > MAX_FIELD_CHARS ? canonicalJson({ truncated: true, chars: text.length, sha256: sha256(text), preview: text.slice(0, 512) }) : text;
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
