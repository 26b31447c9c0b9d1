import type { Config } from '../../config/schema.js';
import { ConfigError } from '../../errors.js';
import { registerSecret } from '../../util/redact.js';
import { MattermostPort, type MattermostPortOptions } from './mattermost-port.js';

/** `chat.mattermost` as the config file holds it. */
export type MattermostSettings = NonNullable<Config['chat']['mattermost']>;

/**
 * The Mattermost adapter from `chat.mattermost`, its three secrets read from the environment (`env:NAME`) and
 * registered for redaction before anything can log them. An unset or short variable is a config error naming it.
 */
export function createMattermostPort(settings: MattermostSettings, env: NodeJS.ProcessEnv, extra: Pick<MattermostPortOptions, 'people' | 'logger' | 'fetch'> = {}): MattermostPort {
  const problems: string[] = [];
  const secret = (reference: string, key: string): string => {
    const name = reference.slice('env:'.length);
    const value = env[name] ?? '';
    if (value.length < 6) problems.push(`chat.mattermost.${key}: ${name} is ${value ? 'too short to be a Mattermost token' : 'not set in the environment'}`);
    registerSecret(value);
    return value;
  };
  const token = secret(settings.token, 'token');
  const commandToken = secret(settings.commandToken, 'commandToken');
  const actionSecret = secret(settings.actionSecret, 'actionSecret');
  if (problems.length) throw new ConfigError(problems);
  return new MattermostPort({ url: settings.url, token, commandToken, actionSecret, port: settings.port, host: settings.host, ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}), ...extra });
}
