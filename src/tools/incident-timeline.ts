import { z } from 'zod';
import { formatTimeline, incidentTimeline, NOTE_PREFIX } from '../audit/incident-timeline.js';
import { defineTool } from './define-tool.js';
import { incidentOf } from './incident-room.js';
import { incidentId } from './incidents.js';

/** `incident_note`: a line on an incident's timeline. Kept only as its audit record, which the timeline reads back. */
export function incidentNoteTool() {
  return defineTool({
    name: 'incident_note',
    group: 'oncall',
    commands: [{ command: 'incident', usage: 'incident note [INC-ID] TEXT', summary: "add a note to an incident's timeline", words: ['note'], roles: { id: 'incident', text: 'text' } }],
    title: 'Note on an incident',
    description: "Add a note to an incident's timeline.",
    input: z.object({ id: incidentId.optional(), text: z.string().trim().min(1).max(500) }),
    effect: 'read',
    // Nothing outside opsbot changes, but the note is stored (in the audit log), so the call is not read-only.
    keepsState: true,
    permission: { verb: 'incident', scopes: ['note'], scopeOf: () => 'note' },
    describe: (args) => `note on ${args.id ?? "this channel's incident"}: "${args.text}"`,
    async run(args, context) {
      const { id } = await incidentOf(args.id, context);
      return { text: `${NOTE_PREFIX}${id}: ${args.text}`, data: { id } };
    },
  });
}

/** `incident_timeline`: every step of an incident, from the audit log. */
export function incidentTimelineTool() {
  return defineTool({
    name: 'incident_timeline',
    group: 'oncall',
    commands: [{ command: 'incident', usage: 'incident timeline [INC-ID]', summary: 'what happened in an incident, in order, with who', words: ['timeline'], roles: { id: 'incident' } }],
    title: 'Incident timeline',
    description: 'Steps of an incident from the audit log.',
    input: z.object({ id: incidentId.optional() }),
    effect: 'read',
    permission: { verb: 'read', scopes: ['incidents'], scopeOf: () => 'incidents' },
    describe: (args) => `timeline of ${args.id ?? "this channel's incident"}`,
    async run(args, context) {
      const incident = await incidentOf(args.id, context);
      const entries = await incidentTimeline(incident, (filter) => context.backends.records.searchAudit(filter));
      const lines = formatTimeline(entries);
      return { text: [`${incident.id} "${incident.title}" (${incident.status}):`, ...(lines.length ? lines : ['  nothing recorded yet'])].join('\n'), data: { incident: incident.id, entries } };
    },
  });
}
