import type { Config } from '../../config/schema.js';
import { ConfigError } from '../../errors.js';
import { registerSecret } from '../../util/redact.js';
import { AppToken } from './app-token.js';
import { BotConnector } from './bot-connector.js';
import { BotFrameworkJwt } from './bot-framework-jwt.js';
import { TeamsPort } from './teams-port.js';
import type { PersonLookup } from './teams-markdown.js';

/** `chat.teams` as the config validated it. */
export type TeamsSettings = NonNullable<NonNullable<Config['chat']>['teams']>;

/** What the port needs beyond `chat.teams`: who people are (names, Teams ids) and where errors go. */
export interface TeamsStartOptions {
  people?: Config['people'];
  onError?: (error: unknown) => void;
  fetchImpl?: typeof fetch;
}

/** The Teams adapter of the conversation port, from `chat.teams` and the secrets its `env:NAME`s name. */
export function createTeamsPort(settings: TeamsSettings, env: NodeJS.ProcessEnv, options: TeamsStartOptions = {}): TeamsPort {
  const appId = valueOf(env, 'chat.teams.appId', settings.appId);
  const tenantId = valueOf(env, 'chat.teams.tenantId', settings.tenantId);
  const appPassword = valueOf(env, 'chat.teams.appPassword', settings.appPassword);
  registerSecret(appPassword);
  const fetchImpl = options.fetchImpl ?? fetch;
  const token = new AppToken({ appId, appPassword, tenantId, ...(settings.tokenUrl ? { tokenUrl: settings.tokenUrl } : {}) }, fetchImpl);
  const people = options.people ?? {};
  // A person is named by opsbot id, or by Teams (Entra object) id where the port only has that (war room invites).
  const byTeamsId = new Map(Object.entries(people).flatMap(([id, entry]) => (entry.ids?.teams ? [[entry.ids.teams, id] as const] : [])));
  const lookup: PersonLookup = (person) => {
    const id = people[person] ? person : byTeamsId.get(person);
    return id ? { name: people[id]!.name, teamsId: people[id]!.ids?.teams } : { name: person };
  };
  return new TeamsPort({
    appId,
    tenantId,
    connector: new BotConnector(token, fetchImpl),
    jwt: new BotFrameworkJwt({ openIdMetadataUrl: settings.openIdMetadataUrl, appId, fetchImpl }),
    serviceUrl: settings.serviceUrl,
    people: lookup,
    ...(settings.incidentChannel ? { incidentChannel: settings.incidentChannel } : {}),
    port: settings.port,
    host: settings.host,
    onError: options.onError ?? (() => undefined),
  });
}

/** The value of an `env:NAME`; start-up stops with the setting's path when the variable is unset. */
function valueOf(env: NodeJS.ProcessEnv, path: string, reference: string): string {
  const name = reference.slice('env:'.length);
  const value = env[name];
  if (!value) throw new ConfigError([`${path}: environment variable ${name} is not set`]);
  return value;
}
