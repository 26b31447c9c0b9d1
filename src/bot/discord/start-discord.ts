import type { Config } from '../../config/schema.js';
import { registerSecret } from '../../util/redact.js';
import { DiscordPort } from './discord-port.js';

/** The `chat.discord` section of the config. */
export type DiscordSettings = NonNullable<Config['chat']['discord']>;

/**
 * The Discord adapter from `chat.discord`, its secrets read from the environment (`env:NAME`) and registered so
 * no log or error can show them. A missing variable is an error that names it, never a silently absent platform.
 */
export function createDiscordPort(settings: DiscordSettings, env: NodeJS.ProcessEnv, extra: { people?: Config['people']; onError?: (error: unknown) => void } = {}): DiscordPort {
  const botToken = fromEnv(settings.botToken, 'botToken', env);
  const publicKey = fromEnv(settings.publicKey, 'publicKey', env);
  registerSecret(botToken);
  return new DiscordPort({
    applicationId: settings.applicationId,
    publicKey,
    botToken,
    apiUrl: settings.apiUrl,
    port: settings.port,
    host: settings.host,
    ...extra,
  });
}

function fromEnv(reference: string, key: string, env: NodeJS.ProcessEnv): string {
  const name = reference.slice('env:'.length);
  const value = env[name]?.trim();
  if (!value) throw new Error(`chat.discord.${key}: the environment variable ${name} is not set`);
  return value;
}
