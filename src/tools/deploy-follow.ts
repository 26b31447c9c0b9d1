import type { DeployRecord, DeploysPort } from '../backends/ports/deploys.js';
import { OutcomeUnknown, ToolFailure } from '../errors.js';
import type { ToolContext } from './define-tool.js';

/** Used when the port states no schedule: the demo fleet answers from the store, so a short fixed interval is cheap. */
const DEFAULT_SCHEDULE = { initialMs: 250, maxMs: 250 };
// A backstop only: adapters end a deploy whose statuses stop as `unknown` long before this.
const FOLLOW_LIMIT_MS = 24 * 60 * 60_000;

/**
 * Waits for a started deploy to end, reporting progress (and the log and environment links as they appear) to the
 * action's conversation. Polls with backoff, back to the first interval whenever something changed.
 * Success is only ever a deploy the system reported as succeeded; a deploy that stopped reporting is outcome_unknown.
 */
export async function followDeploy(deploys: DeploysPort, started: DeployRecord, context: ToolContext) {
  const schedule = deploys.pollSchedule ?? DEFAULT_SCHEDULE;
  let record = started;
  let reported = '';
  let interval = schedule.initialMs;
  const deadline = Date.now() + FOLLOW_LIMIT_MS;
  while (record.state === 'in_progress' && Date.now() < deadline) {
    const line = progressLine(record);
    if (line !== reported) {
      context.progress?.(line);
      reported = line;
      interval = schedule.initialMs;
    } else {
      interval = Math.min(schedule.maxMs, interval * 2);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
    record = (await deploys.get(record.id)) ?? record;
  }
  const links = linksOf(record);
  if (record.state === 'failed') {
    throw new ToolFailure(`${record.kind} of ${record.service} ${record.version} to ${record.environment} failed: ${record.message}. ${record.previousVersion ?? 'The previous version'} is still running.${links}`, { deploy: record });
  }
  if (record.state !== 'succeeded') {
    throw new OutcomeUnknown(`${record.kind} ${record.id} of ${record.service} ${record.version} to ${record.environment} stopped reporting (${record.message}); its outcome is unknown. Check the deploy system before acting again.${links}`, { deploy: record });
  }
  return { text: `${record.kind === 'rollback' ? 'Rolled back' : 'Deployed'} ${record.service} ${record.previousVersion ?? 'none'} → ${record.version} in ${record.environment}${record.forced ? ' (forced)' : ''}.${links}`, data: { deploy: record } };
}

function progressLine(record: DeployRecord): string {
  const percent = Math.floor(record.progress * 4) * 25;
  return `${record.kind} ${record.service} ${record.version} to ${record.environment}: ${record.progressText ?? `${percent}%`}${linksOf(record)}`;
}

function linksOf(record: DeployRecord): string {
  const links = [record.logUrl ? `log: ${record.logUrl}` : '', record.environmentUrl ? `environment: ${record.environmentUrl}` : ''].filter(Boolean);
  return links.length ? ` (${links.join(', ')})` : '';
}
