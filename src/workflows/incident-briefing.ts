import { type ActionState, TERMINAL_STATES } from '../actions/action-state.js';
import type { CallOutcome } from '../actions/outcomes.js';
import type { Origin } from '../actions/origin.js';
import type { PendingAction } from '../actions/pending-action.js';
import type { Alert } from '../backends/ports/alerts.js';
import type { DeployRecord } from '../backends/ports/deploys.js';
import type { Incident } from '../backends/ports/incidents.js';
import type { PageRecord } from '../backends/ports/paging.js';
import { chartOf } from '../charts/chart-spec.js';
import type { Config } from '../config/schema.js';
import type { Gateway } from '../gateway/gateway.js';
import type { KvRepository } from '../store/kv-repository.js';
import { type BriefingPart, briefingMessage } from './briefing-message.js';
import { dataOf, deploysText, PAGED, pagedText, pageLine, pageOf, podsText, textOf } from './briefing-parts.js';
import { pageResponseOf, rememberBriefedPage, saveBriefing } from './briefing-record.js';
import type { PostedMessage, Poster } from './posting.js';

const DAY_MS = 24 * 60 * 60_000;
const RUNBOOK_LOOKUPS = 3;
const PAGE_ENDED = new Set<ActionState>(TERMINAL_STATES);

/** What a briefing is built from. */
export interface BriefingOptions {
  gateway: Gateway;
  config: Pick<Config, 'services'> & Partial<Pick<Config, 'backends'>>;
  poster: Poster;
  /** Where the briefing is kept as drawn, so PagerDuty's later word on the page redraws it from any process (the webhook receiver). */
  kv?: KvRepository;
  now?: () => Date;
  /** Where a redraw that fails later (after a page is confirmed) is reported. */
  onError?: (error: unknown) => void;
}

type Gather = () => Promise<string>;
type ShownPage = { page?: PageRecord };

/**
 * The war room that briefs itself: when an incident's room opens, one pinned message there says the service's
 * status, its deploys (and its dependencies', `services[].dependsOn`) in the last 24 h, firing alerts with runbooks,
 * who is on call and who was paged (with PagerDuty's state), and its pods that are not ready where Kubernetes is
 * configured, with the last hour's chart beside it; a service-less incident gets the fleet. Every part is a read through the gateway
 * as the declarer (policy and audit as for any ask), and fails on its own ("alerts: Alertmanager unreachable")
 * while the others arrive: the message is redrawn in place as each part lands.
 */
export class IncidentBriefing {
  private readonly now: () => Date;

  constructor(private readonly options: BriefingOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * `paged`: the outcome of the page the declaration sent (from the declared-incident workflow), when there is one;
   * `where`: the room as the poster names it (a channel ref on a platform other than Slack), default the room's channel.
   */
  async brief(incident: Incident, declared: PendingAction, room: Origin, paged?: Promise<CallOutcome>, where?: string): Promise<PostedMessage | undefined> {
    const conversation = where ?? room.channel;
    if (!conversation) return undefined;
    const ask = (tool: string, args: Record<string, unknown>) => this.options.gateway.call({ tool, args, actor: declared.requester, origin: room });
    // The page the Paged part shows, once it is known (sent now, or later once confirmed).
    const shown: ShownPage = {};
    const gathers = this.partsFor(incident, ask, paged, shown);
    const parts: BriefingPart[] = gathers.map(([title]) => ({ title, state: 'pending' }));
    const { poster } = this.options;
    const posted = await poster.post(conversation, briefingMessage(incident, parts, this.now()));
    await poster.pin?.(posted).catch(() => undefined);
    // Redraws run one after another, so a slow early part never overwrites a later, fuller message.
    const save = () => (this.options.kv ? saveBriefing(this.options.kv, { posted, incident, parts: [...parts] }) : Promise.resolve());
    let redraw = save();
    const settle = (index: number, part: BriefingPart) => {
      parts[index] = part;
      redraw = redraw
        .then(() => this.withResponse(parts, shown))
        .then(() => poster.update(posted, briefingMessage(incident, parts, this.now())))
        .then(save);
      return redraw;
    };
    const chart = incident.service ? this.chart(incident, ask, conversation) : Promise.resolve();
    await Promise.all(
      gathers.map(([title, gather], index) =>
        gather().then(
          (text) => settle(index, { title, state: 'ok', text }),
          (error: unknown) => settle(index, { title, state: 'failed', reason: error instanceof Error ? error.message : String(error) }),
        ),
      ),
    );
    await Promise.all([redraw, chart]);
    const pagedIndex = gathers.findIndex(([title]) => title === PAGED);
    const pending = paged && pagedIndex >= 0 ? await paged.catch(() => undefined) : undefined;
    if (pending?.status === 'pending') this.followPage(incident.id, pending.action.id, shown, (part) => settle(pagedIndex, part));
    return posted;
  }

  /**
   * A page that waits for a confirmation is followed until it ends (sent, rejected, expired), and the Paged part is
   * redrawn then; a listener, not a held promise, so nothing waits on a person who may never click.
   */
  private followPage(incidentId: string, actionId: string, shown: ShownPage, settle: (part: BriefingPart) => Promise<void>): void {
    const stop = this.options.gateway.onActionChange((action, state) => {
      if (action.id !== actionId || !PAGE_ENDED.has(state)) return;
      stop();
      const outcome: CallOutcome = state === 'succeeded' ? { status: 'ok', tool: 'page', text: action.result?.text ?? '', data: action.result?.data } : { status: 'error', tool: 'page', text: `the page was ${state.replace('_', ' ')}${action.result?.text ? `: ${action.result.text}` : ''}` };
      let part: BriefingPart;
      try {
        part = { title: PAGED, state: 'ok', text: pagedText(outcome) };
      } catch (error) {
        part = { title: PAGED, state: 'failed', reason: error instanceof Error ? error.message : String(error) };
      }
      return this.notePage(incidentId, outcome, shown)
        .then(() => settle(part))
        .catch((error: unknown) => this.options.onError?.(error));
    });
  }

  private partsFor(incident: Incident, ask: (tool: string, args: Record<string, unknown>) => Promise<CallOutcome>, paged: Promise<CallOutcome> | undefined, shown: ShownPage): Array<[string, Gather]> {
    const service = incident.service;
    const entry = service ? this.options.config.services.find((candidate) => candidate.name === service) : undefined;
    const team = entry?.team;
    const dependencies = new Set(entry?.dependsOn ?? []);
    const since = new Date(this.now().getTime() - DAY_MS).toISOString();
    // Pods only where a workloads adapter is configured: without one the tool is not offered, and saying so adds nothing.
    const workloads = service && (this.options.config.backends?.workloads.adapter ?? 'none') !== 'none';
    return [
      [service ? 'Status' : 'Fleet status', async () => textOf(await ask('service_status', service ? { service } : {}))],
      [
        'Deploys, last 24 h',
        async () => {
          // The service's own history first: if it cannot be read the part fails; a dependency's failure is one line.
          const own = (dataOf(await ask('deploy_history', { ...(service ? { service } : {}), limit: 20 })) as { deploys?: DeployRecord[] }).deploys ?? [];
          const others = await Promise.all([...dependencies].map(async (dependency) => {
            const outcome = await ask('deploy_history', { service: dependency, limit: 20 });
            return outcome.status === 'ok' ? { deploys: (outcome.data as { deploys?: DeployRecord[] }).deploys ?? [] } : { problem: `${dependency}: ${outcome.text}` };
          }));
          const text = deploysText([...own, ...others.flatMap((other) => other.deploys ?? [])], since, dependencies);
          return [text, ...others.flatMap((other) => (other.problem ? [`(${other.problem})`] : []))].join('\n');
        },
      ],
      [
        'Firing alerts',
        async () => {
          const outcome = await ask('alerts_list', service ? { service } : {});
          const alerts = (dataOf(outcome) as { alerts?: Alert[] }).alerts ?? [];
          if (!alerts.length) return outcome.text;
          const lines = [];
          for (const [index, alert] of alerts.entries()) {
            const runbook = alert.runbookUrl ?? (index < RUNBOOK_LOOKUPS ? await runbookOf(ask, alert.name) : undefined);
            lines.push(`[${alert.severity}] ${alert.name} ${alert.service} (${alert.environment}) since ${alert.startsAt} — ${alert.summary}${runbook ? ` · runbook: ${runbook}` : ''}`);
          }
          return lines.join('\n');
        },
      ],
      ['On call', async () => textOf(await ask('oncall', team ? { about: 'team', team } : { about: 'incident_commander' }))],
      ...(paged ? [[PAGED, async () => pagedText(await this.notePage(incident.id, await paged, shown))] as [string, Gather]] : []),
      ...(workloads ? [['Pods not ready', async () => podsText(await ask('pods', { service }))] as [string, Gather]] : []),
    ];
  }

  /** The page the briefing shows, remembered by its id at the provider (a PagerDuty incident) when it sent one. */
  private async notePage(incidentId: string, outcome: CallOutcome, shown: ShownPage): Promise<CallOutcome> {
    const page = pageOf(outcome);
    if (page && this.options.kv) await rememberBriefedPage(this.options.kv, incidentId, page);
    if (page) shown.page = page;
    return outcome;
  }

  /**
   * PagerDuty's later word on the page (an acknowledgement the webhook receiver kept) wins over what this process
   * saw when the page was sent: a part landing after it must not redraw the page as merely triggered.
   */
  private async withResponse(parts: BriefingPart[], shown: ShownPage): Promise<void> {
    const response = shown.page && this.options.kv ? await pageResponseOf(this.options.kv, shown.page.id) : undefined;
    const index = parts.findIndex((part) => part.title === PAGED);
    if (response && index >= 0) parts[index] = { title: PAGED, state: 'ok', text: pageLine(shown.page!, response) };
  }

  private async chart(incident: Incident, ask: (tool: string, args: Record<string, unknown>) => Promise<CallOutcome>, conversation: string): Promise<void> {
    const outcome = await ask('service_metrics', { service: incident.service, range: '1h' });
    const spec = outcome.status === 'ok' ? chartOf(outcome.data) : null;
    const text = spec ? `:chart_with_upwards_trend: ${incident.service}, last hour (deploys and alert bands marked):` : `:warning: Chart: ${outcome.text}`;
    await this.options.poster.post(conversation, { text, ...(spec ? { chart: { spec, title: spec.title } } : {}) });
  }
}

async function runbookOf(ask: (tool: string, args: Record<string, unknown>) => Promise<CallOutcome>, alert: string): Promise<string | undefined> {
  const outcome = await ask('runbook', { query: alert });
  if (outcome.status !== 'ok') return undefined;
  const data = outcome.data as { runbook?: { url?: string; title?: string } } | undefined;
  return data?.runbook?.url ?? data?.runbook?.title ?? outcome.text.split('\n')[0];
}
