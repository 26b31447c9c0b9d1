// On-call port: who is on call for a team, who commands incidents, and how to reach a person (PagerDuty, or the demo rotation).
// A port throws ToolFailure for "the backend said no" (readable), anything else for faults (DESIGN §8).

/** A person as the on-call system knows them; contact details for paging by hand. */
export interface Person {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  timezone: string | null;
}

/** A team's on-call people now and until when. */
export interface TeamOnCall {
  team: string;
  primary: Person;
  backup: Person | null;
  shadow: Person | null;
  until: string;
}

/** Someone on call now and the part they play (the agent's Responder is another thing). */
export interface OnCallResponder {
  role: 'incident-commander' | 'primary' | 'backup' | 'shadow';
  team: string | null;
  person: Person;
}

/** The incident commander now, and (where the schedule knows them) who backs them up and who shadows them. */
export interface IncidentCommanderOnCall {
  person: Person;
  until: string;
  backup?: Person | null;
  shadow?: Person | null;
}

/** Who is on call, who commands incidents, and who a person is. */
export interface OnCallPort {
  /** Who is on call for a team now, or at `at` (a report's "next week"). */
  team(team: string, at?: Date): Promise<TeamOnCall>;
  /** The incident commander now, or at `at`. */
  incidentCommander(at?: Date): Promise<IncidentCommanderOnCall>;
  /** Everyone on call now: the incident commander and each team's primary, backup and shadow. */
  responders(): Promise<OnCallResponder[]>;
  /** A person by id or (case-insensitive, partial) name; null when unknown. */
  person(query: string): Promise<Person | null>;
}
