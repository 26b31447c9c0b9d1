import type { Config } from '../../config/schema.js';
import { ToolFailure } from '../../errors.js';
import { findTeam } from '../find-team.js';
import type { IncidentCommanderOnCall, OnCallPort, Person, OnCallResponder, TeamOnCall } from '../ports/oncall.js';
import type { DemoContext } from './demo-context.js';
import { assertReachable } from './simulated-outage.js';
import { rotationWeek } from './weekly-rotation.js';

/** Simulated on-call schedule: weekly rotations from config, people's contacts from config. */
export class DemoOnCall implements OnCallPort {
  constructor(private readonly context: DemoContext) {}

  async team(team: string, at?: Date): Promise<TeamOnCall> {
    assertReachable(this.context.config, 'oncall', 'on-call schedule');
    const found = findTeam(this.context.config, team);
    if (!found.rotation) throw new ToolFailure(`Team ${found.name} has no demo rotation (its on-call lives in PagerDuty).`);
    const week = rotationWeek(found.rotation, found.rotationStart, at ?? this.context.now());
    return {
      team: found.name,
      primary: this.personById(week.primary),
      backup: week.backup ? this.personById(week.backup) : null,
      shadow: week.shadow ? this.personById(week.shadow) : null,
      until: week.until.toISOString(),
    };
  }

  async incidentCommander(at?: Date): Promise<IncidentCommanderOnCall> {
    assertReachable(this.context.config, 'oncall', 'on-call schedule');
    const { rotation, rotationStart } = this.context.config.incidentCommander;
    if (!rotation) throw new ToolFailure('The incident commander has no demo rotation (the schedule lives in PagerDuty).');
    const week = rotationWeek(rotation, rotationStart, at ?? this.context.now());
    return {
      person: this.personById(week.primary),
      until: week.until.toISOString(),
      backup: week.backup ? this.personById(week.backup) : null,
      shadow: week.shadow ? this.personById(week.shadow) : null,
    };
  }

  async responders(): Promise<OnCallResponder[]> {
    const commander = await this.incidentCommander();
    const responders: OnCallResponder[] = [{ role: 'incident-commander', team: null, person: commander.person }];
    for (const team of this.context.config.teams) {
      const onCall = await this.team(team.name);
      responders.push({ role: 'primary', team: team.name, person: onCall.primary });
      if (onCall.backup) responders.push({ role: 'backup', team: team.name, person: onCall.backup });
      if (onCall.shadow) responders.push({ role: 'shadow', team: team.name, person: onCall.shadow });
    }
    return responders;
  }

  async person(query: string): Promise<Person | null> {
    assertReachable(this.context.config, 'oncall', 'on-call schedule');
    const wanted = query.trim().replace(/^<@([A-Z0-9]+)>$/i, '$1').toLowerCase();
    if (!wanted) return null;
    const ids = knownIds(this.context.config);
    const byId = ids.find((id) => id.toLowerCase() === wanted);
    if (byId) return this.personById(byId);
    const people = ids.map((id) => this.personById(id));
    return people.find((person) => person.name.toLowerCase() === wanted) ?? people.find((person) => person.name.toLowerCase().includes(wanted)) ?? null;
  }

  /** A person by id; someone on a rotation but missing from `people` is still named (by id) so they can be paged. */
  personById(id: string): Person {
    const entry = this.context.config.people[id];
    return { id, name: entry?.name ?? id, email: entry?.email ?? null, phone: entry?.phone ?? null, timezone: entry?.timezone ?? null };
  }
}

/** Everyone the schedule knows: people in config first, then anyone who only appears on a rotation. */
function knownIds(config: Config): string[] {
  const ids = new Set(Object.keys(config.people));
  for (const team of config.teams) for (const id of team.rotation ?? []) ids.add(id);
  for (const id of config.incidentCommander.rotation ?? []) ids.add(id);
  return [...ids];
}
