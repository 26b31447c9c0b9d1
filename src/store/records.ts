import type { PendingAction } from '../actions/pending-action.js';
import type { AuditFilter, AuditRecord } from '../audit/audit-log.js';
import type { Usage } from '../audit/usage.js';

/** Read access to opsbot's own records, for the audit search and action status tools. */
export interface RecordsPort {
  searchAudit(filter: AuditFilter): Promise<AuditRecord[]>;
  getAction(id: string): Promise<PendingAction | undefined>;
  /** The incident whose room (a Slack channel) `channel` is, so commands there may leave its id out. */
  incidentInRoom(channel: string): Promise<string | undefined>;
  /** How opsbot was used since `since` (ISO), aggregated from the audit log. */
  usage(since: string): Promise<Usage>;
}
