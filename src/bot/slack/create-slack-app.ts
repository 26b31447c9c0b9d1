import { App, HTTPReceiver, type Logger, SocketModeReceiver, webApi } from '@slack/bolt';
import { metrics } from '../../observability/metrics.js';
import { SLACK_EVENTS_PATH } from './manifest.js';
import { refuseFutureRequests } from './request-freshness.js';
import type { SlackSettings } from './slack-settings.js';

/** Who opsbot is in the workspace, from auth.test. */
export interface BotIdentity {
  botUserId: string;
  botId: string;
  teamId?: string;
  /** The token's scopes (Slack's x-oauth-scopes header); `assistant:write` turns on the native AI surfaces. */
  scopes?: string[];
}

/** Asks Slack who the bot token belongs to; fails fast on a bad token, before anything listens. */
export async function identifyBot(settings: SlackSettings, logger: Logger): Promise<BotIdentity> {
  const client = new webApi.WebClient(settings.botToken, { slackApiUrl: settings.apiUrl, logger });
  const result = await client.auth.test();
  if (!result.user_id || !result.bot_id) throw new Error('auth.test did not return a bot user: SLACK_BOT_TOKEN must be a bot token (xoxb-…)');
  return { botUserId: result.user_id, botId: result.bot_id, teamId: result.team_id, scopes: result.response_metadata?.scopes };
}

/** A Bolt app, and a stop that waits until it has really let go of Slack. */
export interface SlackApp {
  app: App;
  /** Stops receiving. In Socket Mode it resolves once the WebSocket is closed, which Bolt's own stop does not wait for. */
  stop(): Promise<void>;
}

/**
 * A Bolt app in Socket Mode or HTTP mode. HTTP serves events, commands and interactivity on one path and
 * answers before processing (`processBeforeResponse: false`): Slack wants its ack within 3 s and retries
 * otherwise, while a turn with a model can take much longer. Socket Mode acks each envelope the same way.
 * SLACK_API_URL reaches both Web API clients: the bot's, and the one Socket Mode opens its connections
 * with (apps.connections.open, app token). The bot identity is passed in, so no request waits on auth.test.
 */
export function createSlackApp(settings: SlackSettings, identity: BotIdentity, logger: Logger): SlackApp {
  const clientOptions = { slackApiUrl: settings.apiUrl };
  const receiver =
    settings.mode === 'socket'
      ? new SocketModeReceiver({ appToken: settings.appToken, logger, installerOptions: { clientOptions } })
      : new HTTPReceiver({ signingSecret: settings.signingSecret, endpoints: SLACK_EVENTS_PATH, processBeforeResponse: false, logger });
  if (receiver instanceof HTTPReceiver) refuseFutureRequests(receiver, logger);
  const app = new App({
    receiver,
    token: settings.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    tokenVerificationEnabled: false,
    logger,
    clientOptions,
    // Conversation memory lives in the store, per thread; Bolt's in-memory store would only leak.
    convoStore: false,
    ignoreSelf: true,
  });
  countPosts(app.client);
  return {
    app,
    async stop() {
      const disconnected = receiver instanceof SocketModeReceiver ? new Promise<void>((resolve) => receiver.client.once('disconnected', () => resolve())) : undefined;
      await app.stop();
      await disconnected;
    },
  };
}

// Calls that put something in front of people; their results are the chat-posts metric.
const POSTING_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);

/** Counts posts by result at the one call every Web API method goes through (apiCall), so no call site can forget. */
function countPosts(client: webApi.WebClient): void {
  const apiCall = client.apiCall.bind(client);
  client.apiCall = async (method, options) => {
    if (!POSTING_METHODS.has(method)) return apiCall(method, options);
    try {
      const result = await apiCall(method, options);
      metrics.chatPosts.inc({ platform: 'slack', result: 'ok' });
      return result;
    } catch (error) {
      metrics.chatPosts.inc({ platform: 'slack', result: 'error' });
      throw error;
    }
  };
}
