import { z } from 'zod';
import type { Backends } from '../backends/backends.js';
import type { Person } from '../backends/ports/oncall.js';
import { ToolFailure } from '../errors.js';
import type { Precondition } from '../actions/pending-action.js';
import { defineTool } from './define-tool.js';
import type { Catalog } from './catalog.js';
import { formatPerson } from './oncall.js';
import { staleNote } from './stale-note.js';

const TARGETS = ['person', 'team', 'incident_commander', 'responders'] as const;

/** `page`: page a person, a team's primary, the incident commander, or all responders (mutation). */
export function pageTool(catalog: Catalog) {
  return defineTool({
    name: 'page',
    group: 'oncall',
    commands: [
      { command: 'ic', usage: 'ic page [MESSAGE]', summary: 'page the incident commander at once (confirmed first)', words: ['page'], roles: { message: 'text' } },
      { command: 'ic', usage: 'ic page responders [MESSAGE]', summary: 'page every current responder', words: ['page', 'responders'], roles: { message: 'text' } },
      { command: 'ic', usage: 'ic page NAME [MESSAGE]', summary: 'page that person (name, id or mention)', words: ['page'], roles: { person: 'person', message: 'text' } },
      { command: 'page', usage: 'page PERSON MESSAGE | page team TEAM MESSAGE | page ic MESSAGE', summary: 'page someone with a message (confirmed first)', roles: { person: 'person', team: 'team', message: 'text' } },
    ],
    title: 'Page someone',
    description: "Page with a message: target person (person: id or name), team, incident_commander (with backup and shadow) or responders (all on call).",
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
    openWorld: true,
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
    async run(args, { backends, actor, actionId, now }) {
      const target = targetLabel(args);
      let recipients: Person[];
      try {
        recipients = await recipientsOf(backends, args);
      } catch (error) {
        if (error instanceof ToolFailure) throw error;
        throw new ToolFailure(`Could not page ${target}: the on-call source is unreachable and no cached roster is available. Call them by hand.`);
      }
      try {
        // The action id keys the page: a retried run of the same approval finds the page it already sent.
        const record = await backends.paging.page({ target, recipients, message: args.message, requestedBy: actor, key: actionId });
        return { text: `Paged ${target}: ${recipients.map((person) => person.name).join(', ')} — "${args.message}" (page ${record.id}).${staleNote(recipients, now())}`, data: { page: record } };
      } catch (error) {
        if (error instanceof ToolFailure && !recipients.length) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        const contacts = recipients.map((person) => `  ${formatPerson(person)}`);
        const cached = staleNote(recipients, now());
        throw new ToolFailure([`Paging ${target} FAILED (${reason}). Contact them by hand:`, ...contacts, ...(cached ? [`Roster${cached}.`] : [])].join('\n'), { recipients });
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
    return [team.primary, ...(team.backup ? [team.backup] : [])].map((person) => markedAs(team, person));
  }
  if (args.target === 'incident_commander') {
    // The commander's primary, backup and shadow: an incident must not wait on one person's phone.
    const commander = await oncall.incidentCommander();
    const unique = new Map<string, Person>();
    for (const person of [commander.person, commander.backup, commander.shadow]) if (person) unique.set(person.id, markedAs(commander, person));
    return [...unique.values()];
  }
  const unique = new Map<string, Person>();
  for (const responder of await oncall.responders()) if (responder.role !== 'shadow') unique.set(responder.person.id, markedAs(responder, responder.person));
  return [...unique.values()];
}

/** A person carries the cache mark of the answer they came from, so the result can say the roster was cached. */
function markedAs(source: object, person: Person): Person {
  return 'stale' in source && source.stale ? { ...person, stale: source.stale } as Person : person;
}
