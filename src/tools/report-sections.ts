import type { AuditRecord } from '../audit/audit-log.js';
import type { AuditFilter } from '../audit/audit-search.js';
import { incidentTimeline } from '../audit/incident-timeline.js';
import { formatUsage } from '../audit/usage.js';
import type { Backends } from '../backends/backends.js';
import type { Config, ReportConfig, ReportSection } from '../config/schema.js';
import type { ChartPanel, ChartSpec } from '../charts/chart-spec.js';
import { exactDuration } from './postmortem-draft.js';
import { alertsPanel, deploysPanel, reportChart } from './report-chart.js';

/** One section of a report: its lines, or the reason it could not be built (the others still are). */
export interface ReportPart {
  section: ReportSection;
  lines: string[];
  failed?: string;
  /** The section's chart panel, where one helps (deploys, alerts). */
  panel?: ChartPanel;
}

/** What a report covers: its sections over the period from `from` to `to`. */
export interface ReportRun {
  name: string;
  from: string;
  to: string;
  parts: ReportPart[];
  /** The sections' panels as one chart (tool data `chart`: Slack uploads it, MCP sends an image). */
  chart?: ChartSpec;
}

type Context = { backends: Backends; config: Config };

const WEEK_MS = 7 * 24 * 60 * 60_000;

const TITLES: Record<ReportSection, string> = { status: 'Status', deploys: 'Deploys', incidents: 'Incidents', alerts: 'Alerts', oncall: 'On call', usage: 'Usage' };

/** Builds every section of a report for the period; each section fails on its own. */
export async function buildReport(report: ReportConfig, period: { from: Date; to: Date }, context: Context): Promise<ReportRun> {
  const from = period.from.toISOString();
  const to = period.to.toISOString();
  const parts = await Promise.all(
    report.sections.map(async (section): Promise<ReportPart> => {
      try {
        const built = await SECTIONS[section](report, { from, to }, context);
        return { section, ...(Array.isArray(built) ? { lines: built } : built) };
      } catch (error) {
        return { section, lines: [], failed: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  const chart = reportChart(report.name, { from, to }, parts.flatMap((part) => (part.panel ? [part.panel] : [])));
  return { name: report.name, from, to, parts, ...(chart ? { chart } : {}) };
}

/** The report as one message. */
export function reportText(run: ReportRun): string {
  const head = `:bar_chart: *Report ${run.name}* — ${run.from.slice(0, 16).replace('T', ' ')} to ${run.to.slice(0, 16).replace('T', ' ')} UTC`;
  const body = run.parts.map((part) => [`*${TITLES[part.section]}*`, ...(part.failed ? [`  :warning: ${part.failed}`] : part.lines.map((line) => (line.startsWith('  ') ? line : `  ${line}`)))].join('\n'));
  return [head, ...body].join('\n');
}

type Period = { from: string; to: string };
type Section = (report: ReportConfig, period: Period, context: Context) => Promise<string[] | { lines: string[]; panel?: ChartPanel }>;

const SECTIONS: Record<ReportSection, Section> = {
  async status(report, _period, { backends, config }) {
    const environment = config.environments.includes('production') ? 'production' : config.environments[0]!;
    const services = report.services ?? config.services.map((service) => service.name);
    const each = await Promise.all(services.map(async (service) => backends.metrics.status(service, environment).then((status) => `${service} (${environment}): ${status.overall}`, (error: unknown) => `${service}: unknown (${error instanceof Error ? error.message : String(error)})`)));
    return each;
  },
  async deploys(_report, period, { backends, config }) {
    const all = (await Promise.all(config.services.map((service) => backends.deploys.history(service.name, undefined, 50)))).flat();
    const inside = all.filter((deploy) => deploy.startedAt >= period.from && deploy.startedAt < period.to);
    const finished = inside.filter((deploy) => deploy.finishedAt).map((deploy) => Date.parse(deploy.finishedAt!) - Date.parse(deploy.startedAt)).sort((a, b) => a - b);
    const middle = finished.length ? finished[Math.floor(finished.length / 2)]! : undefined;
    const leads = await leadTimes(period, (filter) => backends.records.searchAudit(filter));
    const lines = [
      `${inside.filter((deploy) => deploy.kind === 'deploy').length} deploys, ${inside.filter((deploy) => deploy.state === 'failed').length} failed, ${inside.filter((deploy) => deploy.kind === 'rollback').length} rollbacks`,
      // Time from start to finish of a deploy; commit-to-production lead time needs the source system's commit times.
      `median time to finish a deploy: ${middle === undefined ? 'no finished deploys' : exactDuration(new Date(0).toISOString(), new Date(middle).toISOString())}`,
      leads.length
        ? `lead time, request to done (approval wait and rollout): median ${seconds(leads[Math.floor(leads.length / 2)]!)}, longest ${seconds(leads.at(-1)!)} over ${leads.length} deploys and rollbacks through opsbot`
        : 'lead time, request to done: no deploy or rollback through opsbot finished in this period',
    ];
    return { lines, panel: deploysPanel(inside, period) };
  },
  async incidents(_report, period, { backends }) {
    const incidents = await backends.incidents.list({ openOnly: false });
    const opened = incidents.filter((incident) => incident.createdAt >= period.from && incident.createdAt < period.to);
    const resolved = incidents.filter((incident) => incident.resolvedAt && incident.resolvedAt >= period.from && incident.resolvedAt < period.to);
    const lines = [`${opened.length} opened, ${resolved.length} resolved, ${incidents.filter((incident) => !incident.resolvedAt).length} open now`];
    for (const incident of resolved.slice(0, 10)) {
      const acknowledged = (await incidentTimeline(incident, (filter) => backends.records.searchAudit(filter))).find((entry) => entry.kind === 'acknowledged');
      lines.push(`${incident.id} ${incident.title} (${incident.severity}): resolved in ${exactDuration(incident.createdAt, incident.resolvedAt!)}${acknowledged ? `, acknowledged after ${exactDuration(incident.createdAt, acknowledged.at)}` : ''}`);
    }
    return lines;
  },
  async alerts(_report, period, { backends }) {
    const alerts = await backends.alerts.list({ includeSilenced: true });
    const byName = new Map<string, number>();
    for (const alert of alerts) byName.set(alert.name, (byName.get(alert.name) ?? 0) + 1);
    const order = { critical: 0, warning: 1, info: 2 } as Record<string, number>;
    const top = alerts.filter((alert) => alert.state === 'firing').sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3) || a.startsAt.localeCompare(b.startsAt)).slice(0, 5);
    const lines = [
      `${alerts.filter((alert) => alert.state === 'firing').length} firing, ${alerts.filter((alert) => alert.state === 'silenced').length} silenced now`,
      ...top.map((alert) => `[${alert.severity}] ${alert.name} ${alert.service} (${alert.environment}) since ${alert.startsAt}`),
      ...(byName.size ? [`noisiest: ${[...byName].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, count]) => `${name} ×${count}`).join(', ')}`] : []),
    ];
    return { lines, panel: alertsPanel(alerts, period) };
  },
  async oncall(_report, period, { backends, config }) {
    // "Next week": whoever the schedule has on call one week after the report's end.
    const next = new Date(Date.parse(period.to) + WEEK_MS);
    const [commander, upcoming, teams] = await Promise.all([backends.oncall.incidentCommander(), backends.oncall.incidentCommander(next), Promise.all(config.teams.map((team) => backends.oncall.team(team.name, next)))]);
    return [
      `now: incident commander ${commander.person.name} until ${commander.until}`,
      `next week (${next.toISOString().slice(0, 10)}):`,
      `  incident commander: ${upcoming.person.name}`,
      ...teams.map((team) => `  ${team.team}: ${team.primary.name}${team.backup ? `, backup ${team.backup.name}` : ''} until ${team.until}`),
    ];
  },
  async usage(_report, period, { backends, config }) {
    const usage = await backends.records.usage(period.from);
    return formatUsage(usage, teamsOf(config)).slice(1);
  },
};

/**
 * Lead time of the deploys and rollbacks opsbot ran that finished in the period, in milliseconds, shortest first:
 * from the request (the action's `proposed` audit record) to `succeeded`, which a deploy action reaches once the
 * rollout finished. So it is approval wait plus rollout; merge-to-deploy would need the source system's merge times.
 */
export async function leadTimes(period: Period, search: (filter: AuditFilter) => Promise<AuditRecord[]>): Promise<number[]> {
  const done = (await Promise.all(['deploy', 'rollback'].map((tool) => search({ tool, event: 'succeeded', since: period.from, limit: 500 })))).flat();
  const times = await Promise.all(
    done
      .filter((record) => record.at < period.to && record.actionId)
      .map(async (record) => {
        const [proposed] = await search({ actionId: record.actionId!, event: 'proposed', limit: 1 });
        return proposed ? Date.parse(record.at) - Date.parse(proposed.at) : undefined;
      }),
  );
  return times.filter((time): time is number => time !== undefined).sort((a, b) => a - b);
}

function seconds(milliseconds: number): string {
  return exactDuration(new Date(0).toISOString(), new Date(milliseconds).toISOString());
}

/** A person's teams: those whose rotation names them. */
export function teamsOf(config: Pick<Config, 'teams'>): (actor: string) => string[] {
  return (actor) => config.teams.filter((team) => team.rotation?.includes(actor)).map((team) => team.name);
}
