import { webApi } from '@slack/bolt';
import { BOT_SCOPES } from '../../bot/slack/manifest.js';
import { slackErrorCode } from '../../bot/slack/slack-client.js';
import { DEFAULT_SLACK_API_URL } from '../../bot/slack/slack-settings.js';
import type { Config } from '../../config/schema.js';
import { type DoctorCheck, failedCheck } from './doctor-report.js';

const TIMEOUT_MS = 10_000;
// Reading whether the bot is in a channel takes these (conversations.info); without them membership cannot be checked.
const MEMBERSHIP_SCOPES = ['channels:read', 'groups:read'];

/**
 * Slack as opsbot will use it: the bot token accepted (`auth.test`), the scopes it carries against those the code
 * needs (the `x-oauth-scopes` Slack answers with), and the channels cards are routed to that the bot is not in.
 * Only when SLACK_BOT_TOKEN is set; the token is never printed.
 */
export async function slackChecks(config: Config, env: NodeJS.ProcessEnv): Promise<DoctorCheck[]> {
  const token = env.SLACK_BOT_TOKEN;
  if (!token) return [];
  const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, setLevel: () => undefined, getLevel: () => 'error' as never, setName: () => undefined };
  const client = new webApi.WebClient(token, { slackApiUrl: env.SLACK_API_URL ?? DEFAULT_SLACK_API_URL, timeout: TIMEOUT_MS, retryConfig: { retries: 0 }, logger: silent });
  let identity: { user?: string; team?: string; scopes: string[] };
  try {
    const answer = await client.auth.test();
    identity = { user: answer.user, team: answer.team, scopes: answer.response_metadata?.scopes ?? [] };
  } catch (error) {
    return [failedCheck('slack', 'SLACK_BOT_TOKEN', new Error(`auth.test refused the token (${slackErrorCode(error) ?? (error instanceof Error ? error.message : 'error')})`))];
  }
  const missing = BOT_SCOPES.filter((scope) => !identity.scopes.includes(scope));
  const found = [`token accepted: ${identity.user ?? '?'} in ${identity.team ?? '?'}; scopes: ${identity.scopes.join(', ') || 'none reported'}`];
  if (missing.length) found.push(`missing scopes opsbot needs: ${missing.join(', ')}`);
  const channels = [...new Set([...config.notifications.routes.map((route) => route.channel), config.notifications.defaultChannel, config.slack.approvalsChannel].filter((channel): channel is string => Boolean(channel)))];
  const outside: string[] = [];
  for (const channel of channels) {
    try {
      const info = await client.conversations.info({ channel });
      if (!info.channel?.is_member) outside.push(channel);
    } catch (error) {
      const code = slackErrorCode(error);
      found.push(code === 'missing_scope' ? `cannot tell whether the bot is in ${channel} (needs ${MEMBERSHIP_SCOPES.join(' or ')})` : `${channel}: ${code ?? 'not readable'}`);
      if (code !== 'missing_scope') outside.push(channel);
    }
  }
  if (outside.length) found.push(`not a member of ${outside.join(', ')}: cards routed there cannot be posted`);
  const suggestions = [
    ...(missing.length ? [`add the bot scopes ${missing.join(', ')} (opsbot manifest lists them) and reinstall the app`] : []),
    ...outside.map((channel) => `/invite @${identity.user ?? 'opsbot'} in ${channel}`),
  ];
  return [{ system: 'slack', subject: 'SLACK_BOT_TOKEN', status: missing.length || outside.length ? 'problem' : 'ok', found, suggestions }];
}
