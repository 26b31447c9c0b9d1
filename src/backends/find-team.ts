import type { Config, Team } from '../config/schema.js';
import { ToolFailure } from '../errors.js';

/** A team by name, or the team owning a service of that name (people ask "who is on call for frontend?"). */
export function findTeam(config: Config, query: string): Team {
  const wanted = query.trim().toLowerCase();
  const owner = config.services.find((service) => service.name === wanted)?.team;
  const team = config.teams.find((entry) => entry.name === wanted) ?? config.teams.find((entry) => entry.name === owner);
  if (!team) throw new ToolFailure(`Unknown team "${query}". Known teams: ${config.teams.map((entry) => entry.name).join(', ')}.`);
  return team;
}
