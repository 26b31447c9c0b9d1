import type { Span } from '../conversation/card.js';
import type { Config } from '../../config/schema.js';

/** What an event is about, as far as routing cares; any field may be unknown. */
export interface RouteFacts {
  service?: string;
  team?: string;
  environment?: string;
  severity?: string;
}

/**
 * The channel for an event (a channel ref: `teams:19:…`, `mattermost:…`, or a bare Slack id): the first `notifications.routes` entry whose every given field equals the event's
 * (a field the event lacks never matches), else `notifications.defaultChannel`; undefined means unrouted, which
 * the caller records and logs. A service's team comes from config when the event does not say.
 */
export function channelFor(config: Pick<Config, 'notifications' | 'services'>, facts: RouteFacts): string | undefined {
  const complete = withTeam(config, facts);
  const route = config.notifications.routes.find((candidate) =>
    (Object.entries(candidate.match) as Array<[keyof RouteFacts, string | undefined]>).every(([field, wanted]) => wanted === undefined || complete[field] === wanted),
  );
  return route?.channel ?? config.notifications.defaultChannel;
}

/** The facts with the team filled in from the service's config entry. */
export function withTeam(config: Pick<Config, 'services'>, facts: RouteFacts): RouteFacts {
  if (facts.team || !facts.service) return facts;
  const team = config.services.find((service) => service.name === facts.service)?.team;
  return team ? { ...facts, team } : facts;
}

/** The configured service a repository (`owner/name`) belongs to. */
export function serviceOfRepository(config: Pick<Config, 'services'>, repository: string): string | undefined {
  return config.services.find((service) => service.repository?.toLowerCase() === repository.toLowerCase())?.name;
}

/** The person a GitHub login is mapped to (`people.<id>.github`), else the login as literal text. */
export function personOfLogin(config: Pick<Config, 'people'>, login: string | undefined): Span {
  if (!login) return 'someone';
  const id = Object.entries(config.people).find(([, person]) => person.github?.toLowerCase() === login.toLowerCase())?.[0];
  return id ? { person: id } : `@${login}`;
}
