import { EVENT_ACTION_IDS } from '../alert-card.js';
import type { ToolRequest } from '../alert-requests.js';
import type { CrashCardRecord } from './crash-card.js';

/** The buttons of a crash card, each as the clicker's own tool call, built only from the stored card. */
export function crashRequests(record: CrashCardRecord, actionId: string): ToolRequest[] | { reason: string } {
  const target = { service: record.service, environment: record.environment };
  switch (actionId) {
    case EVENT_ACTION_IDS.workloadLogs:
      return [{ tool: 'pod_logs', args: { ...target, ...(record.logPod && record.pods[record.logPod] ? { pod: record.logPod } : {}), previous: true, lines: 50 } }];
    case EVENT_ACTION_IDS.workloadDescribe:
      return [{ tool: 'workload_describe', args: target }];
    case EVENT_ACTION_IDS.workloadRestart:
      return [{ tool: 'restart', args: target }];
    case EVENT_ACTION_IDS.workloadRollback:
      return [{ tool: 'rollout_undo', args: target }];
    case EVENT_ACTION_IDS.workloadIncident:
      return [{ tool: 'incident_declare', args: { title: `${record.service} ${record.reason} in ${record.environment}`, severity: record.environment === 'production' ? 'high' : 'medium', service: record.service } }];
    default:
      return { reason: 'This button does not match its card; nothing was done.' };
  }
}
