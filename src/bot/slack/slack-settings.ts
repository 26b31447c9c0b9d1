import { OpsbotError } from '../../errors.js';

/** Where Web API calls go unless SLACK_API_URL says otherwise. */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/**
 * How to reach Slack, from the environment: Socket Mode when an app-level token is set (no public URL needed),
 * else HTTP with the signing secret. Tokens come only from the environment, never from the config file.
 */
export type SlackSettings =
  | { mode: 'socket'; botToken: string; appToken: string; apiUrl: string }
  | { mode: 'http'; botToken: string; signingSecret: string; port: number; host?: string; apiUrl: string };

/** The settings the environment describes, or undefined when Slack is not configured. */
export function readSlackSettings(env: NodeJS.ProcessEnv): SlackSettings | undefined {
  const botToken = env.SLACK_BOT_TOKEN;
  if (!botToken) return undefined;
  const apiUrl = withTrailingSlash(env.SLACK_API_URL || DEFAULT_SLACK_API_URL);
  if (env.SLACK_APP_TOKEN) return { mode: 'socket', botToken, appToken: env.SLACK_APP_TOKEN, apiUrl };
  // HOST, when set, overrides `slack.host` from the config.
  if (env.SLACK_SIGNING_SECRET) return { mode: 'http', botToken, signingSecret: env.SLACK_SIGNING_SECRET, port: portOf(env.PORT), ...(env.HOST ? { host: env.HOST } : {}), apiUrl };
  return undefined;
}

function portOf(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new OpsbotError('slack_port_invalid', `PORT must be a TCP port number, not "${value}"`);
  return port;
}

// The Web API client appends method names to this base, so it must end with a slash.
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
