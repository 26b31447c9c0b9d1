import { z } from 'zod';
import type { Backends, Person } from '../backends/ports.js';
import { ToolFailure } from '../errors.js';
import type { Precondition } from '../gateway/pending-action.js';
import { defineTool } from './define-tool.js';
import type { Catalog } from './catalog.js';
import { formatPerson } from './oncall.js';

const TARGETS = ['person', 'team', 'incident_commander', 'responders'] as const;

/** `page`: page a person, a team's primary, the incident commander, or all responders (mutation). */
export function pageTool(catalog: Catalog) {
  return defineTool({
    name: 'page',
    title: 'Page someone',
    description: "Page with a message: target=person (person: id or name), team (its primary and backup), incident_commander, or responders (everyone on call).",
    input: z
      .object({
        target: z.enum(TARGETS),
        person: z.string().min(1).max(80).optional(),
        team: catalog.team.optional(),
        message: z.string().min(1).max(500),
      })
      .refine((args) => args.target !== 'person' || args.person, { message: 'person is required when target=person', path: ['person'] })
      .refine((args) => args.target !== 'team' || args.team, { message: 'team is required when target=team', path: ['team'] }),
    effect: 'mutate',
    destructive: false,
    permission: { verb: 'page', scopes: ['person', 'team', 'incident-commander', 'responders'], scopeOf: (args) => args.target.replace('_', '-') },
    describe: (args) => `page ${targetLabel(args)} with "${args.message}"`,
    async preview(args, { backends }) {
      try {
        const recipients = await recipientsOf(backends, args);
        return { recipients: recipients.map((person) => `${person.name} (${person.id})`).join(', ') };
      } catch (error) {
        if (error instanceof ToolFailure) throw error;
        return { recipients: `${targetLabel(args)} (on-call source unreachable; resolved when sent)` };
      }
    },
    // Page exactly the people the approver saw: the gateway re-reads them at approval and refuses if they changed.
    async preconditions(args, { backends }): Promise<Record<string, Precondition>> {
      try {
        const recipients = await recipientsOf(backends, args);
        return { recipients: { label: targetLabel(args), value: recipients.map((person) => `${person.name} (${person.id})`).join(', ') } };
      } catch (error) {
        if (error instanceof ToolFailure) throw error;
        // On-call unreachable: nothing to bind; the preview says recipients are resolved when sent.
        return {};
      }
    },
    async run(args, { backends, actor }) {
      const target = targetLabel(args);
      let recipients: Person[];
      try {
        recipients = await recipientsOf(backends, args);
      } catch (error) {
        if (error instanceof ToolFailure) throw error;
        throw new ToolFailure(`Could not page ${target}: the on-call source is unreachable and no cached roster is available. Call them by hand.`);
      }
      try {
        const record = await backends.paging.page({ target, recipients, message: args.message, requestedBy: actor });
        return { text: `Paged ${target}: ${recipients.map((person) => person.name).join(', ')} — "${args.message}" (page ${record.id}).`, data: { page: record } };
      } catch (error) {
        if (error instanceof ToolFailure && !recipients.length) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        const contacts = recipients.map((person) => `  ${formatPerson(person)}`);
        throw new ToolFailure([`Paging ${target} FAILED (${reason}). Contact them by hand:`, ...contacts].join('\n'), { recipients });
      }
    },
  });
}

function targetLabel(args: { target: (typeof TARGETS)[number]; person?: string; team?: string }): string {
  if (args.target === 'person') return args.person!;
  if (args.target === 'team') return `team ${args.team} on-call`;
  return args.target === 'incident_commander' ? 'the incident commander' : 'all responders';
}

/** Who a page reaches; throws a plain error when the on-call source (and its cache) cannot answer. */
async function recipientsOf(backends: Backends, args: { target: (typeof TARGETS)[number]; person?: string; team?: string }): Promise<Person[]> {
  const { oncall } = backends;
  if (args.target === 'person') {
    const person = await oncall.person(args.person!);
    if (!person) throw new ToolFailure(`No person matches "${args.person}".`);
    return [person];
  }
  if (args.target === 'team') {
    const team = await oncall.team(args.team!);
    return [team.primary, ...(team.backup ? [team.backup] : [])];
  }
  if (args.target === 'incident_commander') return [(await oncall.incidentCommander()).person];
  const unique = new Map<string, Person>();
  for (const responder of await oncall.responders()) if (responder.role !== 'shadow') unique.set(responder.person.id, responder.person);
  return [...unique.values()];
}
