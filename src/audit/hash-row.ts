import { createHmac } from 'node:crypto';
import type { AuditTable } from '../store/schema.js';
import { canonicalJson, sha256 } from '../util/canonical-json.js';

/** A record's link: SHA-256 of its content and predecessor, or an HMAC of the same when a key is configured. */
export function hashRow(row: AuditTable, key?: string): string {
  const { hash: _hash, ...content } = row;
  const text = canonicalJson({ ...content, seq: Number(content.seq) });
  return key ? createHmac('sha256', key).update(text).digest('hex') : sha256(text);
}
