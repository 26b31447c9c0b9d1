import type { CallOutcome } from '../actions/outcomes.js';
import type { DeployRecord } from '../backends/ports/deploys.js';
import type { PageRecord } from '../backends/ports/paging.js';
import type { PodSummary } from '../backends/ports/workloads.js';

/** A read's text, or a failure carrying the reason (an unreachable backend, a refusal). */
export function textOf(outcome: CallOutcome): string {
  if (outcome.status !== 'ok') throw new Error(outcome.text);
  return outcome.text;
}

/** A read's data, or a failure carrying the reason. */
export function dataOf(outcome: CallOutcome): unknown {
  if (outcome.status !== 'ok') throw new Error(outcome.text);
  return outcome.data ?? {};
}

/** The title of the briefing's part on who was paged. */
export const PAGED = 'Paged';

/**
 * Who the declaration paged, as the page's own outcome says: the people and the provider's state (PagerDuty:
 * triggered or acknowledged), or that the page waits for a confirmation. A refused or failed page fails the part.
 */
export function pagedText(outcome: CallOutcome): string {
  if (outcome.status === 'pending') {
    const recipients = outcome.action.preview?.recipients;
    return `Paging the incident commander${recipients ? ` (${recipients})` : ''} awaits confirmation (action ${outcome.action.id}).`;
  }
  const page = (dataOf(outcome) as { page?: PageRecord }).page;
  return page ? pageLine(page) : outcome.text;
}

/** The page a page's outcome sent, if it sent one. */
export function pageOf(outcome: CallOutcome): PageRecord | undefined {
  return outcome.status === 'ok' ? (outcome.data as { page?: PageRecord } | undefined)?.page : undefined;
}

/** Whom a page reached and its state at the provider: as sent, or as PagerDuty later said (acknowledged by whom, when). */
export function pageLine(page: PageRecord, response?: { state: string; by?: string; at: string }): string {
  const state = response ? `PagerDuty: ${response.state}${response.by ? ` by ${response.by}` : ''} at ${response.at.slice(11, 16)} UTC` : page.providerState ? `PagerDuty: ${page.providerState}` : 'no acknowledgement state (demo pager)';
  return `${page.recipients.map((person) => person.name).join(', ')} paged at ${page.at.slice(11, 16)} UTC (page ${page.id}, ${state}).`;
}

/** The pods of a service that are not ready (containers not all ready, or a status other than Running). */
export function podsText(outcome: CallOutcome): string {
  const { pods = [], environment } = dataOf(outcome) as { pods?: PodSummary[]; environment?: string };
  const troubled = pods.filter((pod) => !/^(\d+)\/\1$/.test(pod.ready) || (pod.status !== 'Running' && pod.status !== 'Completed'));
  if (!troubled.length) return `All ${pods.length} pods ready${environment ? ` in ${environment}` : ''}.`;
  return [`${troubled.length} of ${pods.length} pods not ready${environment ? ` in ${environment}` : ''}:`, ...troubled.map((pod) => `${pod.name} ${pod.ready} ${pod.status}, ${pod.restarts} restarts${pod.node ? ` on ${pod.node}` : ''}`)].join('\n');
}

/** Deploys of the service and its dependencies since `since`, newest first, each with who asked. */
export function deploysText(deploys: DeployRecord[], since: string, dependencies: ReadonlySet<string>): string {
  const recent = deploys.filter((deploy) => deploy.startedAt >= since).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  if (!recent.length) return `No deploys in the last 24 h${dependencies.size ? ` (nor of ${[...dependencies].join(', ')})` : ''}.`;
  return recent.map((deploy) => `${deploy.startedAt.slice(0, 16).replace('T', ' ')} ${deploy.kind} ${deploy.service}${dependencies.has(deploy.service) ? ' (dependency)' : ''} ${deploy.version} to ${deploy.environment} by ${deploy.requestedBy}: ${deploy.state}`).join('\n');
}
