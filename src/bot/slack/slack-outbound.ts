import { LogLevel } from '@slack/bolt';
import type { Config } from '../../config/schema.js';
import type { KvRepository } from '../../store/kv-repository.js';
import { registerSecret } from '../../util/redact.js';
import type { ApprovalCards } from '../conversation/approval-cards.js';
import { ChartUploads } from './chart-uploads.js';
import { SlackErrorSink } from './error-sink.js';
import { IncidentChannels } from './incident-channel.js';
import { RedactingLogger } from './redacting-logger.js';
import { SlackPort } from './slack-port.js';
import { SlackPoster } from './slack-poster.js';
import { DEFAULT_SLACK_API_URL } from './slack-settings.js';

/** Slack for a process that only posts: its port, the workflows' poster, and its incident channels once cards exist. */
export interface SlackOutbound {
  port: SlackPort;
  poster: SlackPoster;
  channels(cards: ApprovalCards): IncidentChannels;
}

/**
 * Slack as the shell or MCP server reach it: the bot token's Web API client and nothing that receives (no signing
 * secret, no socket, no HTTP server), so an incident declared there gets its channel as the Slack front end opens it.
 * Undefined without SLACK_BOT_TOKEN.
 */
export function slackOutbound(env: NodeJS.ProcessEnv, deps: { kv: KvRepository; config: Config; log: (level: 'warn' | 'error', line: string) => void }): SlackOutbound | undefined {
  const botToken = env.SLACK_BOT_TOKEN;
  if (!botToken) return undefined;
  registerSecret(botToken);
  const apiUrl = env.SLACK_API_URL || DEFAULT_SLACK_API_URL;
  const logger = new RedactingLogger(LogLevel.WARN, (level, line) => deps.log(level === LogLevel.ERROR ? 'error' : 'warn', line));
  const port = new SlackPort({ botToken, apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`, logger });
  const charts = new ChartUploads(port.client, new SlackErrorSink(logger, port.client), logger);
  return {
    port,
    poster: new SlackPoster(port.client, deps.kv, charts),
    // The bot's own user id only keeps it out of the invite list, which holds people's ids: none is needed here.
    channels: (cards) => new IncidentChannels({ client: port.client, kv: deps.kv, cards, config: deps.config, logger, botUserId: '' }),
  };
}
