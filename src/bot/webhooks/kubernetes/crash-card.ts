import type { Card, CardButton, CardSection, RichText } from '../../conversation/card.js';
import { EVENT_ACTION_IDS } from '../alert-card.js';
import type { CrashReason } from './crash-signal.js';
import type { RolloutStall } from './rollout-signal.js';

/** One workload's card for one reason, as the store keeps it: the pods in trouble, the log shown, where it was posted. */
export interface CrashCardRecord {
  /** `environment/service/reason`: the button value, and the only thing a click carries. */
  ref: string;
  service: string;
  environment: string;
  reason: CrashReason;
  /** Pod name → its restarts and last exit, while it is in trouble. */
  pods: Record<string, { restarts: number; lastExit: string | null }>;
  /** The pod whose previous container's log the card shows, and those lines (redacted). */
  logPod: string | null;
  logLines: string[];
  firstSeenAt: string;
  updatedAt: string;
  recovered: boolean;
  /** For `rollout stalled`: the Deployment's figures, image and the condition's message (no pods are listed). */
  rollout?: RolloutStall;
  /** The replica posting the card; the others only fold their observations in. */
  postingBy: string | null;
  card: { channel: string; ts: string } | null;
}

/** Section ids of a crash card, stable so later edits and tests can find each part. */
export const CRASH_BLOCK_IDS = { title: 'opsbot_crash_title', logs: 'opsbot_crash_logs', buttons: 'opsbot_crash_buttons' } as const;

/**
 * The card for a crashing workload: which pods, how many restarts, their last exit, the last lines of the
 * previous container's log, and [Logs] [Describe] [Restart] [Roll back] [Declare incident] while it is in trouble.
 * Everything from the cluster is literal text: pod names and log lines are data.
 */
export function renderCrashCard(record: CrashCardRecord): Card {
  if (record.rollout) return renderStallCard(record, record.rollout);
  const pods = Object.entries(record.pods);
  const restarts = pods.reduce((sum, [, pod]) => sum + pod.restarts, 0);
  const headline: RichText = record.recovered
    ? [{ icon: 'resolved' }, ' ', { bold: ['Recovered'] }, `: ${record.service} in ${record.environment} is no longer ${record.reason}`]
    : [{ icon: 'firing' }, ' ', { bold: [record.reason] }, `: ${record.service} in ${record.environment} — ${pods.length} pod(s), ${restarts} restarts`];
  const podLines: RichText = record.recovered ? [] : pods.flatMap(([name, pod]) => ['\n• ', { code: name }, ` ${pod.restarts} restarts${pod.lastExit ? `, last: ${pod.lastExit}` : ''}`]);
  const sections: CardSection[] = [{ id: CRASH_BLOCK_IDS.title, text: [...headline, ...podLines] }];
  if (record.logLines.length) {
    // One code span per line: log lines are shown exactly as written, never as markup, on every platform.
    const log: RichText = record.logLines.flatMap((line) => ['\n', line ? { code: line } : '']);
    sections.push({ id: CRASH_BLOCK_IDS.logs, text: [`Last ${record.logLines.length} lines of `, { code: record.logPod ?? '' }, ' (previous container):', ...log] });
  }
  const fallback = record.recovered ? `Recovered: ${record.service} in ${record.environment}` : `${record.reason}: ${record.service} in ${record.environment} (${pods.length} pod(s), ${restarts} restarts)`;
  return { fallback, tone: record.recovered ? 'good' : 'danger', sections, ...(record.recovered ? {} : { buttons: buttons(record.ref) }) };
}

/** A stalled rollout: updated/ready/desired replicas, the image being rolled out, and the controller's message. */
function renderStallCard(record: CrashCardRecord, stall: RolloutStall): Card {
  const { updated, ready, desired } = stall.replicas;
  const figures = `${updated} updated, ${ready} ready of ${desired} desired`;
  const where = `${record.service} in ${record.environment}`;
  const section: CardSection = record.recovered
    ? { id: CRASH_BLOCK_IDS.title, text: [{ icon: 'resolved' }, ' ', { bold: ['Recovered'] }, `: ${where} is no longer ${record.reason}`] }
    : {
        id: CRASH_BLOCK_IDS.title,
        text: [{ icon: 'firing' }, ' ', { bold: [record.reason] }, `: ${where} — ${figures}`, ...(stall.image ? ['\nImage: ', { code: stall.image }] : [])],
        ...(stall.message ? { quote: stall.message } : {}),
      };
  const fallback = record.recovered ? `Recovered: ${where}` : `${record.reason}: ${where} (${figures})`;
  return { fallback, tone: record.recovered ? 'good' : 'warning', sections: [section], ...(record.recovered ? {} : { buttons: buttons(record.ref) }) };
}

function buttons(ref: string): CardButton[] {
  return [
    { label: 'Logs', actionId: EVENT_ACTION_IDS.workloadLogs, value: ref },
    { label: 'Describe', actionId: EVENT_ACTION_IDS.workloadDescribe, value: ref },
    { label: 'Restart', actionId: EVENT_ACTION_IDS.workloadRestart, value: ref },
    { label: 'Roll back', actionId: EVENT_ACTION_IDS.workloadRollback, value: ref },
    { label: 'Declare incident', actionId: EVENT_ACTION_IDS.workloadIncident, value: ref, style: 'danger' },
  ];
}
