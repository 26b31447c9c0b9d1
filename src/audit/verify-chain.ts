import { GENESIS_HASH } from '../store/migrations.js';
import type { AuditTable } from '../store/schema.js';
import { hashRow } from './audit-log.js';

/** Result of walking the audit chain: ok, or the first record that breaks it and how. */
export type ChainVerdict =
  | { ok: true; records: number; headHash: string }
  | { ok: false; records: number; badSeq: number; problem: 'edited' | 'deleted' | 'reordered' | 'truncated' | 'broken-link'; message: string };

/**
 * Checks every link: sequence numbers run 1..n without gaps or swaps, each hash matches the record's content,
 * each record points at its predecessor's hash, and the chain ends where the separately kept head says it does
 * (which catches a truncated tail).
 */
export function verifyChain(rows: AuditTable[], head: { seq: number; hash: string }, key?: string): ChainVerdict {
  let prevHash = GENESIS_HASH;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    const seq = Number(row.seq);
    const expectedSeq = index + 1;
    if (seq !== expectedSeq) {
      const problem = seq > expectedSeq ? 'deleted' : 'reordered';
      return { ok: false, records: rows.length, badSeq: seq, problem, message: `record ${seq}: expected record ${expectedSeq} here (${problem === 'deleted' ? `record ${expectedSeq} is missing` : 'out of order'})` };
    }
    if (hashRow(row, key) !== row.hash) {
      return { ok: false, records: rows.length, badSeq: seq, problem: 'edited', message: `record ${seq}: content does not match its hash (edited)` };
    }
    if (row.prev_hash !== prevHash) {
      // A record whose own hash is intact but whose link is not: records were swapped or one before it was replaced.
      return { ok: false, records: rows.length, badSeq: seq, problem: 'reordered', message: `record ${seq}: does not follow record ${seq - 1} (reordered or replaced)` };
    }
    prevHash = row.hash;
  }
  if (head.seq !== rows.length || head.hash !== prevHash) {
    const badSeq = rows.length + 1;
    const problem = head.seq > rows.length ? 'truncated' : 'broken-link';
    return { ok: false, records: rows.length, badSeq, problem, message: problem === 'truncated' ? `record ${badSeq}: missing; the log ends at ${rows.length} but its head says ${head.seq} (truncated)` : `the head (record ${head.seq}) does not match the last record ${rows.length}` };
  }
  return { ok: true, records: rows.length, headHash: prevHash };
}
