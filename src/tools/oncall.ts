import { z } from 'zod';
import type { Person, OnCallResponder } from '../backends/ports/oncall.js';
import { ToolFailure } from '../errors.js';
import { defineTool } from './define-tool.js';
import type { Catalog } from './catalog.js';
import { staleNote } from './stale-note.js';

/** `oncall`: who is on call — a team's rotation, the incident commander (`!ic`), all responders, or one person's contact. */
export function onCallTool(catalog: Catalog) {
  return defineTool({
    name: 'oncall',
    group: 'oncall',
    commands: [
      { command: 'oncall', usage: 'oncall [TEAM|SERVICE]', summary: `who is on call ("who is on call for payments?")`, roles: { team: 'team' } },
      { command: 'ic', usage: 'ic', summary: 'the on-call incident commander and how to reach and page them' },
      { command: 'ic', usage: 'ic responders', summary: "every team's current on-call (primary, backup, shadow)", words: ['responders'] },
      { command: 'ic', usage: 'ic who NAME', summary: "one person's contact and how to page them (name, id or mention)", words: ['who'], roles: { person: 'person' } },
    ],
    title: 'Who is on call',
    description: "Who is on call: about=team (give team), incident_commander, responders (everyone) or person (give person: id or name), with contacts.",
    input: z
      .object({
        about: z.enum(['team', 'incident_commander', 'responders', 'person']),
        team: catalog.team.optional(),
        person: z.string().min(1).max(80).optional(),
      })
      .refine((args) => args.about !== 'team' || args.team, { message: 'team is required when about=team', path: ['team'] })
      .refine((args) => args.about !== 'person' || args.person, { message: 'person is required when about=person', path: ['person'] }),
    effect: 'read',
    openWorld: true,
    permission: { verb: 'read', scopes: ['oncall'], scopeOf: () => 'oncall' },
    describe: (args) => `look up on-call (${args.about})`,
    async run(args, { backends, now }) {
      const { oncall } = backends;
      if (args.about === 'team') {
        const team = await oncall.team(args.team!);
        const lines = [
          `On call for ${team.team} until ${team.until}${staleNote([team], now())}:`,
          `  primary: ${formatPerson(team.primary)}`,
          ...(team.backup ? [`  backup:  ${formatPerson(team.backup)}`] : []),
          ...(team.shadow ? [`  shadow:  ${formatPerson(team.shadow)}`] : []),
        ];
        return { text: lines.join('\n'), data: { about: args.about, team } };
      }
      if (args.about === 'incident_commander') {
        const commander = await oncall.incidentCommander();
        const lines = [
          `Incident commander until ${commander.until}${staleNote([commander], now())}: ${formatPerson(commander.person)}`,
          ...(commander.backup ? [`  backup: ${formatPerson(commander.backup)}`] : []),
          ...(commander.shadow ? [`  shadow: ${formatPerson(commander.shadow)}`] : []),
        ];
        return { text: lines.join('\n'), data: { about: args.about, incidentCommander: commander } };
      }
      if (args.about === 'responders') {
        const responders = await oncall.responders();
        return { text: [`Current responders${staleNote(responders, now())}:`, ...responders.map(formatResponder)].join('\n'), data: { about: args.about, responders } };
      }
      const person = await oncall.person(args.person!);
      if (!person) throw new ToolFailure(`No person matches "${args.person}".`);
      return { text: `${formatPerson(person)}${staleNote([person], now())}`, data: { about: args.about, person } };
    },
  });
}

export function formatPerson(person: Person): string {
  const contacts = [person.phone, person.email].filter(Boolean).join(', ');
  return `${person.name} (<@${person.id}>)${contacts ? ` — ${contacts}` : ''}${person.timezone ? ` [${person.timezone}]` : ''}`;
}

function formatResponder(responder: OnCallResponder): string {
  const role = responder.role === 'incident-commander' ? 'incident commander' : `${responder.team} ${responder.role}`;
  return `  ${role}: ${formatPerson(responder.person)}`;
}
