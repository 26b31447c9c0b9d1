import type { CallOutcome } from '../actions/outcomes.js';
import type { Origin } from '../actions/origin.js';
import type { PendingAction } from '../actions/pending-action.js';
import type { Alert } from '../backends/ports/alerts.js';
import type { DeployRecord } from '../backends/ports/deploys.js';
import type { Incident } from '../backends/ports/incidents.js';
import { chartOf } from '../charts/chart-spec.js';
import type { Config } from '../config/schema.js';
import type { Gateway } from '../gateway/gateway.js';
import { type BriefingPart, briefingMessage } from './briefing-message.js';
import type { PostedMessage, Poster } from './posting.js';

const DAY_MS = 24 * 60 * 60_000;
const RUNBOOK_LOOKUPS = 3;

/** What a briefing is built from. */
export interface BriefingOptions {
  gateway: Gateway;
  config: Pick<Config, 'services'>;
  poster: Poster;
  now?: () => Date;
}

type Gather = () => Promise<string>;

/**
 * The war room that briefs itself: when an incident's room opens, one pinned message there says the service's
 * status, its deploys in the last 24 h, firing alerts with runbooks and who is on call and was paged, with the
 * last hour's chart beside it; a service-less incident gets the fleet. Every part is a read through the gateway
 * as the declarer (policy and audit as for any ask), and fails on its own ("alerts: Alertmanager unreachable")
 * while the others arrive: the message is redrawn in place as each part lands.
 */
export class IncidentBriefing {
  private readonly now: () => Date;

  constructor(private readonly options: BriefingOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async brief(incident: Incident, declared: PendingAction, room: Origin): Promise<PostedMessage | undefined> {
    const conversation = room.channel;
    if (!conversation) return undefined;
    const ask = (tool: string, args: Record<string, unknown>) => this.options.gateway.call({ tool, args, actor: declared.requester, origin: room });
    const gathers = this.partsFor(incident, ask);
    const parts: BriefingPart[] = gathers.map(([title]) => ({ title, state: 'pending' }));
    const { poster } = this.options;
    const posted = await poster.post(conversation, briefingMessage(incident, parts, this.now()));
    await poster.pin?.(posted).catch(() => undefined);
    // Redraws run one after another, so a slow early part never overwrites a later, fuller message.
    let redraw = Promise.resolve();
    const settle = (index: number, part: BriefingPart) => {
      parts[index] = part;
      redraw = redraw.then(() => poster.update(posted, briefingMessage(incident, parts, this.now())));
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
    return posted;
  }

  private partsFor(incident: Incident, ask: (tool: string, args: Record<string, unknown>) => Promise<CallOutcome>): Array<[string, Gather]> {
    const service = incident.service;
    const team = service ? this.options.config.services.find((candidate) => candidate.name === service)?.team : undefined;
    const since = new Date(this.now().getTime() - DAY_MS).toISOString();
    return [
      [service ? 'Status' : 'Fleet status', async () => textOf(await ask('service_status', service ? { service } : {}))],
      [
        'Deploys, last 24 h',
        async () => {
          const outcome = await ask('deploy_history', { ...(service ? { service } : {}), limit: 20 });
          const deploys = (dataOf(outcome) as { deploys?: DeployRecord[] }).deploys ?? [];
          const recent = deploys.filter((deploy) => deploy.startedAt >= since);
          return recent.length ? recent.map((deploy) => `${deploy.startedAt.slice(0, 16).replace('T', ' ')} ${deploy.kind} ${deploy.service} ${deploy.version} to ${deploy.environment} by ${deploy.requestedBy}: ${deploy.state}`).join('\n') : 'No deploys in the last 24 h.';
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
    ];
  }

  private async chart(incident: Incident, ask: (tool: string, args: Record<string, unknown>) => Promise<CallOutcome>, conversation: string): Promise<void> {
    const outcome = await ask('service_metrics', { service: incident.service, range: '1h' });
    const spec = outcome.status === 'ok' ? chartOf(outcome.data) : null;
    const text = spec ? `:chart_with_upwards_trend: ${incident.service}, last hour (deploys and alert bands marked):` : `:warning: Chart: ${outcome.text}`;
    await this.options.poster.post(conversation, { text, ...(spec ? { chart: { spec, title: spec.title } } : {}) });
  }
}

/** A read's text, or a failure carrying the reason (an unreachable backend, a refusal). */
function textOf(outcome: CallOutcome): string {
  if (outcome.status !== 'ok') throw new Error(outcome.text);
  return outcome.text;
}

function dataOf(outcome: CallOutcome): unknown {
  if (outcome.status !== 'ok') throw new Error(outcome.text);
  return outcome.data ?? {};
}

async function runbookOf(ask: (tool: string, args: Record<string, unknown>) => Promise<CallOutcome>, alert: string): Promise<string | undefined> {
  const outcome = await ask('runbook', { query: alert });
  if (outcome.status !== 'ok') return undefined;
  const data = outcome.data as { runbook?: { url?: string; title?: string } } | undefined;
  return data?.runbook?.url ?? data?.runbook?.title ?? outcome.text.split('\n')[0];
}
