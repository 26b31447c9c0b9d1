import { z } from 'zod';
import type { Incident } from '../backends/ports/incidents.js';
import { userIdSchema } from '../config/user-id.js';
import { ToolFailure } from '../errors.js';
import type { Catalog } from './catalog.js';
import { defineTool } from './define-tool.js';
import { incidentIdOf } from './incident-room.js';

const severity = z.enum(['low', 'medium', 'high', 'critical']);
const status = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);
/** `INC-2026-0042`, any case. */
export const incidentId = z.string().regex(/^INC-\d{4}-\d{4}$/i, 'must look like INC-2026-0042').transform((value) => value.toUpperCase());
const userId = userIdSchema;

/** The tool that declares incidents; workflows follow its outcomes (src/workflows). */
export const INCIDENT_DECLARE = 'incident_declare';

/** The incident a succeeded `incident_declare` opened, read from its result data (see `run` below). */
export function declaredIncident(data: unknown): Incident | undefined {
  if (!data || typeof data !== 'object' || !('incident' in data)) return undefined;
  const incident = (data as { incident: unknown }).incident;
  return incident && typeof incident === 'object' && 'id' in incident && 'title' in incident ? (incident as Incident) : undefined;
}

/** `incident_declare`: open an incident (mutation), optionally about one catalog service. */
export function incidentDeclareTool(catalog: Catalog) {
  return defineTool({
    name: INCIDENT_DECLARE,
    group: 'oncall',
    commands: [
      // A service named in the title (or the channel's service) is the incident's service.
      { command: 'incident', usage: 'incident create TITLE [severity:S] [owner:@U]', summary: 'declare an incident (severity low|medium|high|critical)', words: ['create'], roles: { title: 'text', owner: 'person', service: 'service' } },
      { command: 'incident', usage: 'incident declare "TITLE" [severity:S] [owner:@U]', summary: 'the same, as "declare incident …"', words: ['declare'], roles: { title: 'text', owner: 'person', service: 'service' } },
    ],
    title: 'Declare an incident',
    description: 'Declare an incident; owner defaults to requester.',
    input: z.object({ title: z.string().min(3).max(120), severity: severity.default('medium'), owner: userId.optional(), service: catalog.service.optional() }),
    effect: 'mutate',
    openWorld: true,
    destructive: false,
    permission: { verb: 'incident', scopes: ['declare'], scopeOf: () => 'declare' },
    describe: (args) => `declare incident "${args.title}" (severity ${args.severity}${args.owner ? `, owner ${args.owner}` : ''}${args.service ? `, service ${args.service}` : ''})`,
    async run(args, { backends, actor }) {
      const incident = await backends.incidents.declare({ title: args.title, severity: args.severity, owner: args.owner ?? actor, declaredBy: actor, ...(args.service ? { service: args.service } : {}) });
      return { text: `Declared ${formatIncident(incident)}.`, data: { incident } };
    },
  });
}

/** `incident_update`: change status, severity or owner, or add a note (mutation). */
export function incidentUpdateTool() {
  return defineTool({
    name: 'incident_update',
    group: 'oncall',
    commands: [
      { command: 'incident', usage: 'incident update [INC-ID] [status:STATUS] [severity:LEVEL] [owner:USER] [NOTE]', summary: 'change status, severity or owner, or add a note', words: ['update'], roles: { id: 'incident', owner: 'person', note: 'text' } },
    ],
    title: 'Update an incident',
    description: 'Set status, severity or owner, or add a note.',
    input: z
      .object({ id: incidentId.optional(), status: status.exclude(['resolved']).optional(), severity: severity.optional(), owner: userId.optional(), note: z.string().min(1).max(500).optional() })
      .refine((args) => args.status || args.severity || args.owner || args.note, { message: 'give at least one of status, severity, owner, note' }),
    effect: 'mutate',
    openWorld: true,
    // Overwrites status, severity or owner; what was there before is not kept by the backend.
    destructive: true,
    permission: { verb: 'incident', scopes: ['update'], scopeOf: () => 'update' },
    describe: (args) => `update ${args.id ?? "this channel's incident"}: ${[args.status && `status ${args.status}`, args.severity && `severity ${args.severity}`, args.owner && `owner ${args.owner}`, args.note && `note "${args.note}"`].filter(Boolean).join(', ')}`,
    // Shows which incident a change without an id (typed in its channel) is about.
    preview: async (args, context) => ({ incident: await incidentIdOf(args.id, context) }),
    async run(args, context) {
      const { backends, actor } = context;
      const incident = await backends.incidents.update(await incidentIdOf(args.id, context), { status: args.status, severity: args.severity, owner: args.owner, note: args.note, by: actor });
      return { text: `Updated ${formatIncident(incident)}.`, data: { incident } };
    },
  });
}

/** `incident_resolve`: close an incident (mutation). */
export function incidentResolveTool() {
  return defineTool({
    name: 'incident_resolve',
    group: 'oncall',
    commands: [
      { command: 'incident', usage: 'incident resolve INC-ID [NOTE]', summary: 'resolve an incident ("resolve incident INC-2026-0001")', words: ['resolve'], roles: { id: 'incident', note: 'text' } },
    ],
    title: 'Resolve an incident',
    description: 'Resolve an incident.',
    input: z.object({ id: incidentId, note: z.string().min(1).max(500).optional() }),
    effect: 'mutate',
    openWorld: true,
    // Closes the incident for everyone watching it; reopening is another change.
    destructive: true,
    idempotent: true,
    permission: { verb: 'incident', scopes: ['resolve'], scopeOf: () => 'resolve' },
    describe: (args) => `resolve ${args.id}${args.note ? ` ("${args.note}")` : ''}`,
    async run(args, { backends, actor }) {
      const incident = await backends.incidents.resolve(args.id, { note: args.note, by: actor });
      return { text: `Resolved ${formatIncident(incident)}.`, data: { incident } };
    },
  });
}

/** `incident_list`: open (or all) incidents, or one by id with its timeline. */
export function incidentListTool() {
  return defineTool({
    name: 'incident_list',
    group: 'oncall',
    commands: [
      { command: 'incident', usage: 'incident list [all] | incident show INC-ID', summary: 'open incidents, or one with its timeline ("incidents")', words: ['list', 'show'], roles: { id: 'incident' } },
    ],
    title: 'List incidents',
    description: 'Open incidents (all: open_only=false), or one by id with timeline.',
    input: z.object({ id: incidentId.optional(), open_only: z.boolean().default(true) }),
    effect: 'read',
    openWorld: true,
    permission: { verb: 'read', scopes: ['incidents'], scopeOf: () => 'incidents' },
    describe: () => 'list incidents',
    async run(args, { backends }) {
      if (args.id) {
        const incident = await backends.incidents.get(args.id);
        if (!incident) throw new ToolFailure(`No incident ${args.id}.`);
        const timeline = incident.timeline.map((entry) => `  ${entry.at} ${entry.by}: ${entry.text}`);
        return { text: [formatIncident(incident), ...timeline].join('\n'), data: { incidents: [incident] } };
      }
      const incidents = await backends.incidents.list({ openOnly: args.open_only });
      const text = incidents.length ? incidents.map(formatIncident).join('\n') : args.open_only ? 'No open incidents.' : 'No incidents.';
      return { text, data: { incidents } };
    },
  });
}

export function formatIncident(incident: Incident): string {
  return `${incident.id} "${incident.title}" severity ${incident.severity}, ${incident.status}, owner <@${incident.owner}>${incident.service ? `, service ${incident.service}` : ''}${incident.channel ? `, #${incident.channel}` : ''}`;
}
