import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../util/canonical-json.js';

/** A signed note of where the audit log stood (its head record and that record's hash), kept outside the database. */
export interface Checkpoint {
  seq: number;
  hash: string;
  /** When the checkpoint was taken. */
  at: string;
  /** HMAC-SHA256 of the fields above, hex. */
  signature: string;
}

// Domain separation: a checkpoint's signature can never be mistaken for (or replayed as) an audit record's HMAC link.
const CONTEXT = 'opsbot-audit-checkpoint-v1\n';

/** Signs the head as a checkpoint; one JSON line of it is what `opsbot audit checkpoint` prints and appends. */
export function signCheckpoint(head: { seq: number; hash: string }, at: string, key: string): Checkpoint {
  const fields = { seq: head.seq, hash: head.hash, at };
  return { ...fields, signature: signatureOf(fields, key) };
}

/**
 * Reads a checkpoint file (one JSON object per line, blank lines ignored) and checks every signature. Any line
 * that does not parse or whose signature does not match is an error naming its line, because a forged or edited
 * checkpoint must not quietly weaken the proof.
 */
export function readCheckpoints(text: string, key: string): { checkpoints: Checkpoint[]; problems: string[] } {
  const checkpoints: Checkpoint[] = [];
  const problems: string[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const where = `line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`${where}: not JSON`);
      continue;
    }
    if (!isCheckpoint(value)) {
      problems.push(`${where}: not a checkpoint ({seq, hash, at, signature})`);
      continue;
    }
    if (!sameHex(value.signature, signatureOf({ seq: value.seq, hash: value.hash, at: value.at }, key))) {
      problems.push(`${where}: signature does not match (the line was edited, or signed with another key)`);
      continue;
    }
    checkpoints.push(value);
  }
  return { checkpoints, problems };
}

function signatureOf(fields: { seq: number; hash: string; at: string }, key: string): string {
  return createHmac('sha256', key).update(CONTEXT + canonicalJson(fields)).digest('hex');
}

function isCheckpoint(value: unknown): value is Checkpoint {
  const candidate = value as Partial<Checkpoint> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    Number.isSafeInteger(candidate.seq) &&
    (candidate.seq ?? -1) >= 0 &&
    typeof candidate.hash === 'string' &&
    typeof candidate.at === 'string' &&
    typeof candidate.signature === 'string'
  );
}

function sameHex(left: string, right: string): boolean {
  const a = Buffer.from(left, 'utf8');
  const b = Buffer.from(right, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
