import { registerSecret } from '../../util/redact.js';
import type { ChatCardSender } from '../outbox/card-sender.js';
import { logLevelFrom, RedactingLogger } from './redacting-logger.js';
import { SlackCardSender } from './slack-card-sender.js';
import { DEFAULT_SLACK_API_URL, readSlackSettings } from './slack-settings.js';

/** The outbox's Slack sender for a process that is not the Slack front end (the webhook receiver): when a bot token is set. */
export function slackSendersFrom(env: NodeJS.ProcessEnv): ChatCardSender[] {
  const settings = readSlackSettings(env);
  const token = settings?.botToken ?? env.SLACK_BOT_TOKEN;
  if (!token) return [];
  registerSecret(token);
  const apiUrl = settings?.apiUrl ?? env.SLACK_API_URL ?? DEFAULT_SLACK_API_URL;
  return [new SlackCardSender({ token, slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`, logger: new RedactingLogger(logLevelFrom(env.LOG_LEVEL ?? env.OPSBOT_LOG_LEVEL)) })];
}
