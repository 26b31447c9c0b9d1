import type { PendingAction } from '../actions/pending-action.js';
import type { AuditFilter, AuditRecord } from '../audit/audit-log.js';

/** Read access to opsbot's own records, for the audit search and action status tools. */
export interface RecordsPort {
  searchAudit(filter: AuditFilter): Promise<AuditRecord[]>;
  getAction(id: string): Promise<PendingAction | undefined>;
  /** The incident whose room (a Slack channel) `channel` is, so commands there may leave its id out. */
  incidentInRoom(channel: string): Promise<string | undefined>;
}
