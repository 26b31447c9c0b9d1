import type { Config, Team } from '../../config/schema.js';
import { ToolFailure } from '../../errors.js';
import { findTeam } from '../find-team.js';
import type { IncidentCommanderOnCall, OnCallPort, Person, OnCallResponder, TeamOnCall } from '../ports/oncall.js';
import type { PagerDutyClient } from './pagerduty-client.js';
import type { PagerDutyDirectory } from './pagerduty-people.js';
import type { PdOnCall } from './pagerduty-types.js';

// How far ahead the incident commander's schedule is read for the next two shifts (backup and shadow).
const COMMANDER_LOOKAHEAD_MS = 28 * 86_400_000;
const FURTHER_NOTICE = 'further notice';

/**
 * OnCallPort from PagerDuty's GET /oncalls: a team's escalation policy gives level 1 (primary) and level 2
 * (backup), its optional shadow schedule the shadow; the incident commander's schedule gives the commander now
 * and the next two people on it as backup and shadow. Contacts come from the users' contact methods.
 */
export class PagerDutyOnCall implements OnCallPort {
  constructor(
    private readonly client: PagerDutyClient,
    private readonly directory: PagerDutyDirectory,
    private readonly config: Config,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async team(query: string, at?: Date): Promise<TeamOnCall> {
    const team = findTeam(this.config, query);
    const policy = policyOf(team);
    // Another time than now: the shifts covering that moment (PagerDuty lists on-calls overlapping since..until).
    const when: Record<string, string> = at ? { since: at.toISOString(), until: new Date(at.getTime() + 1000).toISOString() } : {};
    const [entries, shadows] = await Promise.all([this.onCalls({ 'escalation_policy_ids[]': [policy], ...when }), this.shadowEntries([team], when)]);
    return this.teamOnCall(team, entries, shadows);
  }

  async incidentCommander(at?: Date): Promise<IncidentCommanderOnCall> {
    const schedule = this.config.incidentCommander.pagerduty?.schedule;
    if (!schedule) throw new ToolFailure('No incident commander schedule: set incidentCommander.pagerduty.schedule.');
    const now = at ?? this.now();
    const entries = await this.onCalls({ 'schedule_ids[]': [schedule], since: now.toISOString(), until: new Date(now.getTime() + COMMANDER_LOOKAHEAD_MS).toISOString() });
    // With `earliest`, each user appears with their first shift; in order of start, the first is on now.
    const shifts = distinctUsers(entries.slice().sort((left, right) => (left.start ?? '').localeCompare(right.start ?? '')));
    const current = shifts[0];
    if (!current) throw new ToolFailure(`Nobody is on call on the incident commander schedule ${schedule} in PagerDuty.`);
    const [person, backup, shadow] = await Promise.all(shifts.slice(0, 3).map((entry) => this.directory.personOf(entry.user)));
    return { person: person!, until: current.end ?? FURTHER_NOTICE, backup: backup ?? null, shadow: shadow ?? null };
  }

  async responders(): Promise<OnCallResponder[]> {
    const commander = await this.incidentCommander();
    const teams = this.config.teams.filter((team) => team.pagerduty);
    // One listing for every team's policy (and one for the shadows), paginated, rather than a request per team.
    const [entries, shadows] = await Promise.all([this.onCalls({ 'escalation_policy_ids[]': teams.map(policyOf) }), this.shadowEntries(teams)]);
    const responders: OnCallResponder[] = [{ role: 'incident-commander', team: null, person: commander.person }];
    for (const team of teams) {
      const onCall = await this.teamOnCall(team, entries, shadows);
      responders.push({ role: 'primary', team: team.name, person: onCall.primary });
      if (onCall.backup) responders.push({ role: 'backup', team: team.name, person: onCall.backup });
      if (onCall.shadow) responders.push({ role: 'shadow', team: team.name, person: onCall.shadow });
    }
    return responders;
  }

  person(query: string): Promise<Person | null> {
    return this.directory.find(query);
  }

  private async teamOnCall(team: Team, entries: PdOnCall[], shadows: PdOnCall[]): Promise<TeamOnCall> {
    const policy = policyOf(team);
    const mine = entries.filter((entry) => entry.escalation_policy?.id === policy);
    const primary = firstAt(mine, 1);
    if (!primary) throw new ToolFailure(`Nobody is on call at level 1 of PagerDuty escalation policy ${policy} (team ${team.name}).`);
    const backup = firstAt(mine, 2, [primary.user.id]);
    const shadowSchedule = team.pagerduty?.shadowSchedule;
    const shadow = shadowSchedule ? shadows.find((entry) => entry.schedule?.id === shadowSchedule && entry.user.id !== primary.user.id && entry.user.id !== backup?.user.id) : undefined;
    const [primaryPerson, backupPerson, shadowPerson] = await Promise.all([primary, backup, shadow].map((entry) => (entry ? this.directory.personOf(entry.user) : Promise.resolve(null))));
    return { team: team.name, primary: primaryPerson!, backup: backupPerson ?? null, shadow: shadowPerson ?? null, until: primary.end ?? FURTHER_NOTICE };
  }

  private async shadowEntries(teams: Team[], when: Record<string, string> = {}): Promise<PdOnCall[]> {
    const schedules = teams.flatMap((team) => (team.pagerduty?.shadowSchedule ? [team.pagerduty.shadowSchedule] : []));
    return schedules.length ? this.onCalls({ 'schedule_ids[]': [...new Set(schedules)], ...when }) : [];
  }

  private onCalls(filter: Record<string, string | string[]>): Promise<PdOnCall[]> {
    return this.client.list<PdOnCall>('/oncalls', 'oncalls', { ...filter, earliest: true, 'include[]': ['users'] }, 'read who is on call');
  }
}

function policyOf(team: Team): string {
  const policy = team.pagerduty?.escalationPolicy;
  if (!policy) throw new ToolFailure(`Team ${team.name} has no PagerDuty escalation policy (teams[].pagerduty.escalationPolicy).`);
  return policy;
}

/** The earliest-starting on-call at a level, skipping people already placed higher. */
function firstAt(entries: PdOnCall[], level: number, skip: string[] = []): PdOnCall | undefined {
  return entries
    .filter((entry) => entry.escalation_level === level && !skip.includes(entry.user.id))
    .sort((left, right) => (left.start ?? '').localeCompare(right.start ?? ''))[0];
}

function distinctUsers(entries: PdOnCall[]): PdOnCall[] {
  const seen = new Set<string>();
  return entries.filter((entry) => !seen.has(entry.user.id) && seen.add(entry.user.id));
}
