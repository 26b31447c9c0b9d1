import { z } from 'zod';
import { incidentTimeline } from '../audit/incident-timeline.js';
import type { Incident } from '../backends/ports/incidents.js';
import type { MetricName, SeriesRange } from '../backends/ports/metrics.js';
import { ToolFailure } from '../errors.js';
import { uncitedFigures } from './cited-figures.js';
import { defineTool, type ToolContext } from './define-tool.js';
import { incidentIdOf, incidentOf } from './incident-room.js';
import { incidentId } from './incidents.js';
import { exactDuration, factsAsData, type Narrative, type PostmortemFacts, postmortemMarkdown, type WorstFigure } from './postmortem-draft.js';

const WORST_METRICS: MetricName[] = ['error_rate', 'latency_p95'];
const SUMMARY_TASK = 'Write the Summary section of this postmortem: what happened, the impact and how it ended, in one or two paragraphs.';

/** A postmortem draft of one incident, from its timeline and audit data; with a model, its summary is the model's if it invents no figure. */
export async function postmortemDraft(incident: Incident, context: ToolContext): Promise<{ markdown: string; facts: PostmortemFacts; narrative: Narrative }> {
  const facts = await gatherFacts(incident, context);
  const narrative: Narrative = {};
  const writer = context.backends.writer;
  if (writer) {
    const data = factsAsData(facts);
    try {
      const summary = await writer.write({ task: SUMMARY_TASK, data });
      const invented = uncitedFigures(summary, data);
      if (invented.length) narrative.refused = `The model's summary was not used: it cited figures that are not in the incident's data (${invented.join(', ')}).`;
      else if (summary) narrative.summary = summary;
    } catch (error) {
      narrative.refused = `The model could not write the summary (${error instanceof Error ? error.message : String(error)}); this is the structured draft.`;
    }
  }
  return { markdown: postmortemMarkdown(facts, narrative), facts, narrative };
}

async function gatherFacts(incident: Incident, context: ToolContext): Promise<PostmortemFacts> {
  const { backends, config } = context;
  const timeline = await incidentTimeline(incident, (filter) => backends.records.searchAudit(filter));
  const end = incident.resolvedAt ?? context.now().toISOString();
  const acknowledged = timeline.find((entry) => entry.kind === 'acknowledged');
  const environment = config.environments.includes('production') ? 'production' : config.environments[0]!;
  const worst: WorstFigure[] = [];
  if (incident.service) {
    for (const metric of WORST_METRICS) {
      // Each figure on its own: a metrics backend that cannot answer leaves that line out, never the draft.
      const series = await backends.metrics.series(incident.service, environment, metric, windowOf(incident.createdAt, end)).catch(() => undefined);
      const inside = (series?.points ?? []).filter(([at]) => at * 1000 >= Date.parse(incident.createdAt) && at * 1000 <= Date.parse(end));
      const peak = inside.reduce<[number, number] | undefined>((best, point) => (!best || point[1] > best[1] ? point : best), undefined);
      if (series && peak) worst.push({ metric, value: Math.round(peak[1] * 100) / 100, unit: series.unit, at: new Date(peak[0] * 1000).toISOString() });
    }
  }
  const alerts = incident.service ? await backends.alerts.list({ service: incident.service, includeSilenced: true }).catch(() => []) : [];
  const detection = alerts.filter((alert) => alert.startsAt <= incident.createdAt).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
  return {
    incident: { id: incident.id, title: incident.title, severity: incident.severity, status: incident.status, owner: incident.owner, service: incident.service, createdAt: incident.createdAt, resolvedAt: incident.resolvedAt },
    duration: incident.resolvedAt ? exactDuration(incident.createdAt, incident.resolvedAt) : null,
    timeToAcknowledge: acknowledged ? exactDuration(incident.createdAt, acknowledged.at) : null,
    worst,
    detection: detection ? { name: detection.name, summary: detection.summary, startsAt: detection.startsAt } : null,
    timeline,
  };
}

/** `incident_postmortem`: the Markdown draft, to read or paste; `postmortem_publish` proposes it as a pull request. */
export function incidentPostmortemTool() {
  return defineTool({
    name: 'incident_postmortem',
    group: 'oncall',
    commands: [{ command: 'incident', usage: 'incident postmortem [INC-ID]', summary: 'a postmortem draft from the timeline', words: ['postmortem'], roles: { id: 'incident' } }],
    title: 'Postmortem draft',
    description: 'Markdown postmortem draft of an incident.',
    input: z.object({ id: incidentId.optional() }),
    effect: 'read',
    permission: { verb: 'read', scopes: ['incidents'], scopeOf: () => 'incidents' },
    describe: (args) => `postmortem draft of ${args.id ?? "this channel's incident"}`,
    async run(args, context) {
      const incident = await incidentOf(args.id, context);
      const { markdown, narrative } = await postmortemDraft(incident, context);
      return { text: markdown, data: { incident: incident.id, markdown, modelSummary: Boolean(narrative.summary), refused: narrative.refused ?? null } };
    },
  });
}

/** `postmortem_publish`: the draft as a pull request to `incidents.postmortems.repo` (mutation). Offered only when configured. */
export function postmortemPublishTool(postmortems: { repo: string; path: string }) {
  return defineTool({
    name: 'postmortem_publish',
    group: 'oncall',
    commands: [{ command: 'incident', usage: 'incident postmortem [INC-ID] pr', summary: `propose the draft as a PR to ${postmortems.repo}`, words: ['postmortem'], roles: { id: 'incident' } }],
    title: 'Publish a postmortem draft',
    description: `Open a PR with an incident's postmortem draft in ${postmortems.repo}.`,
    input: z.object({ id: incidentId.optional() }),
    effect: 'mutate',
    openWorld: true,
    destructive: false,
    idempotent: true,
    permission: { verb: 'incident', scopes: ['postmortem'], scopeOf: () => 'postmortem' },
    describe: (args) => `open a pull request in ${postmortems.repo} with the postmortem draft of ${args.id ?? "this channel's incident"}`,
    preview: async (args, context) => {
      const incident = await incidentOf(args.id, context);
      return { incident: incident.id, file: fileOf(postmortems.path, incident) };
    },
    async run(args, context) {
      const incident = await context.backends.incidents.get(await incidentIdOf(args.id, context));
      if (!incident) throw new ToolFailure(`No incident ${args.id ?? ''}.`);
      const { markdown } = await postmortemDraft(incident, context);
      const path = fileOf(postmortems.path, incident);
      const pull = await context.backends.releases.proposeFile({
        repository: postmortems.repo,
        path,
        content: markdown,
        branch: `postmortem/${incident.id.toLowerCase()}`,
        title: `Postmortem ${incident.id}: ${incident.title}`,
        body: `Draft postmortem of ${incident.id}, written by opsbot from its timeline and audit log for review. Requested by ${context.actor}.`,
        requestedBy: context.actor,
      });
      // The Markdown rides along so the room gets the very text the pull request proposes (workflows/postmortem-delivery).
      return { text: `${pull.created ? 'Opened' : 'Updated'} pull request #${pull.number} with ${path}: ${pull.url}`, data: { incident: incident.id, path, pull, markdown } };
    },
  });
}

// About 120 points over the incident, at least one a minute apart.
function windowOf(from: string, to: string): SeriesRange {
  const start = new Date(from);
  const end = new Date(Math.max(Date.parse(to), start.getTime() + 60_000));
  return { from: start, to: end, stepSeconds: Math.max(60, Math.round((end.getTime() - start.getTime()) / 120_000)) };
}

function fileOf(template: string, incident: Incident): string {
  return template.replaceAll('{date}', incident.createdAt.slice(0, 10)).replaceAll('{id}', incident.id);
}
