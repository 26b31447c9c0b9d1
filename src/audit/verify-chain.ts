import { GENESIS_HASH } from '../store/migrations.js';
import type { AuditTable } from '../store/schema.js';
import type { Checkpoint } from './checkpoint.js';
import { hashRow } from './hash-row.js';

/** How a chain can be broken; `keyed` means the links are HMACs and no key (or another key) was given. */
export type ChainProblem = 'edited' | 'deleted' | 'reordered' | 'truncated' | 'broken-link' | 'head-missing' | 'keyed' | 'checkpoint';

/** Result of walking the audit chain: ok, or the first record that breaks it and how. */
export type ChainVerdict =
  | { ok: true; records: number; headHash: string; checkpoints: number }
  | { ok: false; records: number; badSeq: number; problem: ChainProblem; message: string };

/** Where the log says it ends, or null when its head row is gone. */
export type ChainHead = { seq: number; hash: string } | null;

/**
 * Checks every link as records arrive in seq order, holding only the previous record: sequence numbers run
 * 1..n without gaps or swaps, each hash matches the record's content, each record points at its predecessor's
 * hash, the chain ends where the separately kept head says, and every checkpoint (a signed {seq, hash} kept
 * outside the database) still names a record with that hash, which catches a truncated tail with a rewritten head.
 */
export class ChainWalker {
  private records = 0;
  private prevHash = GENESIS_HASH;
  private verdict?: Extract<ChainVerdict, { ok: false }>;
  /** An unkeyed walk's first mismatch, held until the next record says whether one record was edited or all are keyed. */
  private suspect?: { seq: number };
  private readonly checkpoints: Checkpoint[];
  private nextCheckpoint = 0;

  constructor(
    private readonly key?: string,
    checkpoints: Checkpoint[] = [],
  ) {
    // A checkpoint of the empty log (seq 0) names no record and proves nothing.
    this.checkpoints = checkpoints.filter((checkpoint) => checkpoint.seq > 0).sort((left, right) => left.seq - right.seq);
  }

  /** The first failure so far, if any: once set, further rows change nothing. */
  get failed(): boolean {
    return this.verdict !== undefined;
  }

  /** Feeds the next row in seq order. */
  push(row: AuditTable): void {
    if (this.verdict) return;
    const seq = Number(row.seq);
    const expectedSeq = this.records + 1;
    this.records++;
    if (this.suspect) return this.settleSuspect(row);
    if (seq > expectedSeq) {
      const missing = seq - 1 === expectedSeq ? `record ${expectedSeq} is missing` : `records ${expectedSeq}–${seq - 1} are missing`;
      return this.fail(expectedSeq, 'deleted', `${missing} (record ${seq} follows record ${expectedSeq - 1})`);
    }
    if (seq < expectedSeq) return this.fail(seq, 'reordered', `record ${seq}: expected record ${expectedSeq} here (out of order)`);
    if (hashRow(row, this.key) !== row.hash) {
      if (!this.key) {
        this.suspect = { seq };
        return;
      }
      const plain = hashRow(row) === row.hash;
      return this.fail(seq, 'edited', plain ? `record ${seq}: its hash is a plain SHA-256, not an HMAC with this key (written without OPSBOT_AUDIT_KEY, or rewritten by someone without it)` : `record ${seq}: content does not match its hash (edited, or the log was written with another OPSBOT_AUDIT_KEY)`);
    }
    if (row.prev_hash !== this.prevHash) {
      // A record whose own hash is intact but whose link is not: records were swapped or one before it was replaced.
      return this.fail(seq, 'reordered', `record ${seq}: does not follow record ${seq - 1} (reordered or replaced)`);
    }
    this.checkCheckpoints(seq, row.hash);
    this.prevHash = row.hash;
  }

  /** Ends the walk against the head row. */
  finish(head: ChainHead): ChainVerdict {
    if (this.suspect) this.fail(this.suspect.seq, 'edited', `record ${this.suspect.seq}: content does not match its hash (edited; or, if the log is keyed, set OPSBOT_AUDIT_KEY to verify it)`);
    const unmet = this.checkpoints[this.nextCheckpoint];
    if (unmet) {
      const newest = this.checkpoints.at(-1)!;
      const also = newest === unmet ? '' : ` (the newest checkpoint, taken ${newest.at}, recorded record ${newest.seq})`;
      this.fail(unmet.seq, 'truncated', `the log ends at record ${this.records}, but a checkpoint taken ${unmet.at} recorded record ${unmet.seq}${also}: records after ${this.records} were deleted (truncated)`);
    }
    if (!head) this.fail(this.records + 1, 'head-missing', `the log's head row (audit_head) is missing, so where the log should end is unknown (records 1–${this.records} link correctly); it was deleted outside opsbot`);
    else if (head.seq !== this.records || head.hash !== this.prevHash) {
      const badSeq = this.records + 1;
      if (head.seq > this.records) this.fail(badSeq, 'truncated', `record ${badSeq} is missing: the log ends at ${this.records} but its head says ${head.seq} (truncated)`);
      else this.fail(badSeq, 'broken-link', `the head (record ${head.seq}) does not match the last record ${this.records}`);
    }
    if (this.verdict) return { ...this.verdict, records: this.records };
    return { ok: true, records: this.records, headHash: this.prevHash, checkpoints: this.checkpoints.length };
  }

  /** Without a key, a mismatch followed by another mismatch means HMAC links (or a rewrite nobody could verify anyway). */
  private settleSuspect(next: AuditTable): void {
    const seq = this.suspect!.seq;
    if (hashRow(next) !== next.hash) {
      this.fail(seq, 'keyed', `records ${seq} and ${seq + 1} do not match plain SHA-256 links: the log looks keyed (HMAC links); set OPSBOT_AUDIT_KEY to the key it was written with and verify again`);
    } else {
      this.fail(seq, 'edited', `record ${seq}: content does not match its hash (edited)`);
    }
  }

  private checkCheckpoints(seq: number, hash: string): void {
    while (this.nextCheckpoint < this.checkpoints.length && this.checkpoints[this.nextCheckpoint]!.seq === seq) {
      const checkpoint = this.checkpoints[this.nextCheckpoint++]!;
      if (checkpoint.hash !== hash) {
        this.fail(seq, 'checkpoint', `record ${seq}: its hash differs from the one a checkpoint taken ${checkpoint.at} recorded (the log was rewritten from here or earlier)`);
        return;
      }
    }
  }

  private fail(badSeq: number, problem: ChainProblem, message: string): void {
    this.verdict ??= { ok: false, records: this.records, badSeq, problem, message };
  }
}

/** Walks rows already in memory (tests, small logs); AuditLog.verify streams instead. */
export function verifyChain(rows: Iterable<AuditTable>, head: ChainHead, key?: string, checkpoints: Checkpoint[] = []): ChainVerdict {
  const walker = new ChainWalker(key, checkpoints);
  for (const row of rows) {
    walker.push(row);
    if (walker.failed) break;
  }
  return walker.finish(head);
}
