import type { KnownBlock } from '@slack/types';
import type { RenderedMessage } from '../../presenter/block-kit.js';
import { escapeMrkdwn, truncate } from '../../slack/mrkdwn.js';
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

/** Block ids of a crash card, stable so later edits and tests can find each part. */
export const CRASH_BLOCK_IDS = { title: 'opsbot_crash_title', logs: 'opsbot_crash_logs', buttons: 'opsbot_crash_buttons' } as const;

/**
 * The card for a crashing workload: which pods, how many restarts, their last exit, the last lines of the
 * previous container's log, and [Logs] [Describe] [Restart] [Roll back] [Declare incident] while it is in trouble.
 * Everything from the cluster is escaped: pod names and log lines are data.
 */
export function renderCrashCard(record: CrashCardRecord): RenderedMessage {
  const pods = Object.entries(record.pods);
  const restarts = pods.reduce((sum, [, pod]) => sum + pod.restarts, 0);
  const headline = record.recovered
    ? `:white_check_mark: *Recovered*: ${escapeMrkdwn(record.service)} in ${escapeMrkdwn(record.environment)} is no longer ${record.reason}`
    : `:rotating_light: *${record.reason}*: ${escapeMrkdwn(record.service)} in ${escapeMrkdwn(record.environment)} — ${pods.length} pod(s), ${restarts} restarts`;
  if (record.rollout) return renderStallCard(record, record.rollout);
  const podLines = pods.map(([name, pod]) => `• \`${escapeMrkdwn(name)}\` ${pod.restarts} restarts${pod.lastExit ? `, last: ${escapeMrkdwn(pod.lastExit)}` : ''}`);
  const blocks: KnownBlock[] = [{ type: 'section', block_id: CRASH_BLOCK_IDS.title, text: { type: 'mrkdwn', text: truncate([headline, ...(record.recovered ? [] : podLines)].join('\n'), 3000) } }];
  if (record.logLines.length) {
    // A code block: log lines are shown as written, never as mrkdwn (``` cannot be closed early by a line).
    const log = record.logLines.map((line) => line.replace(/```/g, "'''")).join('\n');
    blocks.push({ type: 'section', block_id: CRASH_BLOCK_IDS.logs, text: { type: 'mrkdwn', text: truncate(`Last ${record.logLines.length} lines of \`${escapeMrkdwn(record.logPod ?? '')}\` (previous container):\n\`\`\`${log}\`\`\``, 3000) } });
  }
  if (!record.recovered) blocks.push(buttons(record.ref));
  const text = record.recovered ? `Recovered: ${record.service} in ${record.environment}` : `${record.reason}: ${record.service} in ${record.environment} (${pods.length} pod(s), ${restarts} restarts)`;
  return { text, blocks };
}

/** A stalled rollout: updated/ready/desired replicas, the image being rolled out, and the controller's message. */
function renderStallCard(record: CrashCardRecord, stall: RolloutStall): RenderedMessage {
  const { updated, ready, desired } = stall.replicas;
  const figures = `${updated} updated, ${ready} ready of ${desired} desired`;
  const where = `${escapeMrkdwn(record.service)} in ${escapeMrkdwn(record.environment)}`;
  const lines = record.recovered
    ? [`:white_check_mark: *Recovered*: ${where} is no longer ${record.reason}`]
    : [`:rotating_light: *${record.reason}*: ${where} — ${figures}`, ...(stall.image ? [`Image: \`${escapeMrkdwn(stall.image)}\``] : []), ...(stall.message ? [`> ${escapeMrkdwn(stall.message)}`] : [])];
  const blocks: KnownBlock[] = [{ type: 'section', block_id: CRASH_BLOCK_IDS.title, text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } }];
  if (!record.recovered) blocks.push(buttons(record.ref));
  const text = record.recovered ? `Recovered: ${record.service} in ${record.environment}` : `${record.reason}: ${record.service} in ${record.environment} (${figures})`;
  return { text, blocks };
}

function buttons(ref: string): KnownBlock {
  return {
    type: 'actions',
    block_id: CRASH_BLOCK_IDS.buttons,
    elements: [
      button('Logs', EVENT_ACTION_IDS.workloadLogs, ref),
      button('Describe', EVENT_ACTION_IDS.workloadDescribe, ref),
      button('Restart', EVENT_ACTION_IDS.workloadRestart, ref),
      button('Roll back', EVENT_ACTION_IDS.workloadRollback, ref),
      button('Declare incident', EVENT_ACTION_IDS.workloadIncident, ref, 'danger'),
    ],
  };
}

function button(text: string, actionId: string, value: string, style?: 'danger') {
  return { type: 'button' as const, action_id: actionId, text: { type: 'plain_text' as const, text }, value, ...(style ? { style } : {}) };
}
