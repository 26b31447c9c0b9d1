import type { Generated } from 'kysely';

/** Table shapes shared by the SQLite and PostgreSQL dialects: text timestamps (ISO 8601, UTC) and JSON as text keep one query set for both. */
export interface Database {
  actions: ActionsTable;
  audit: AuditTable;
  audit_head: AuditHeadTable;
  kv: KvTable;
  conversations: ConversationsTable;
  delivered_events: DeliveredEventsTable;
  watchers: WatchersTable;
  webhook_deliveries: WebhookDeliveriesTable;
  deploy_locks: DeployLocksTable;
  outbox: OutboxTable;
}

export interface ActionsTable {
  id: string;
  tool: string;
  args_json: string;
  args_hash: string;
  requester: string;
  origin_json: string;
  conversation_id: string | null;
  state: string;
  permission: string;
  approval_json: string;
  policy_version: string;
  summary: string;
  preview_json: string | null;
  /** Facts re-read at approval (migration 0002); null on actions stored before it. */
  preconditions_json: string | null;
  created_at: string;
  expires_at: string;
  updated_at: string;
  decided_by: string | null;
  decided_at: string | null;
  result_json: string | null;
}

export interface AuditTable {
  seq: number;
  at: string;
  actor: string;
  event: string;
  tool: string | null;
  action_id: string | null;
  args_json: string | null;
  origin_json: string | null;
  decision: string | null;
  detail_json: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  touched_at: string;
}

export interface KvTable {
  namespace: string;
  key: string;
  value_json: string;
  updated_at: string;
}

export interface ConversationsTable {
  id: string;
  messages_json: string;
  version: number;
  updated_at: string;
}

export interface DeliveredEventsTable {
  event_id: string;
  received_at: string;
}

export interface WatchersTable {
  id: string;
  target: string;
  owner: string;
  origin_json: string;
  last_status: string | null;
  created_at: string;
  checked_at: string | null;
  seq: Generated<number> | number;
}

export interface WebhookDeliveriesTable {
  source: string;
  delivery_key: string;
  received_at: string;
  outcome: string | null;
  detail: string | null;
  /** The parsed delivery, kept until its outcome is recorded (migration 0006). */
  payload_json?: string | null;
  /** Until when the replica handling it holds it; a lapsed claim with no outcome is handled again. */
  claim_until?: string | null;
}

export interface DeployLocksTable {
  service: string;
  environment: string;
  reason: string;
  locked_by: string;
  locked_at: string;
}

export interface OutboxTable {
  id: string;
  card_key: string;
  seq: number;
  kind: string;
  purpose: string;
  channel: string;
  thread_ts: string | null;
  message_json: string;
  meta_json: string | null;
  state: string;
  attempts: number;
  next_attempt_at: string;
  expires_at: string;
  claimed_by: string | null;
  claim_until: string | null;
  reason: string | null;
  posted_channel: string | null;
  posted_ts: string | null;
  created_at: string;
  updated_at: string;
}
