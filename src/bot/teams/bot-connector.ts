import type { AppToken } from './app-token.js';
import { connectorFailure, unreachable } from './connector-failure.js';

/** A Bot Framework activity as opsbot sends it (Bot Connector REST v3: Activity); only the fields it uses. */
export interface OutgoingActivity {
  type: 'message';
  text?: string;
  textFormat?: 'markdown' | 'plain';
  summary?: string;
  replyToId?: string;
  attachments?: Array<{ contentType: string; content?: unknown; contentUrl?: string; name?: string }>;
  entities?: unknown[];
}

/**
 * `POST /v3/conversations` parameters (ConversationParameters): a 1:1 chat with one member, or a new post in a
 * team channel (`channelData.channel`) whose first activity is `activity`.
 */
export interface ConversationParameters {
  isGroup: boolean;
  bot: { id: string };
  members?: Array<{ id: string }>;
  tenantId: string;
  channelData: { tenant: { id: string }; channel?: { id: string } };
  activity?: OutgoingActivity;
}

/**
 * The Bot Connector REST API v3 (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference),
 * called at the service URL Teams gave for the conversation, with the app's token. Failures are `SendFailure`s.
 */
export class BotConnector {
  constructor(
    private readonly token: AppToken,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Sends an activity into a conversation (a channel, a reply chain `…;messageid=…`, a chat). */
  async sendActivity(serviceUrl: string, conversationId: string, activity: OutgoingActivity): Promise<{ id: string }> {
    return (await this.call('POST', serviceUrl, `v3/conversations/${encodeURIComponent(conversationId)}/activities`, activity)) as { id: string };
  }

  /** Replaces a posted activity (a card's buttons give way to its outcome). */
  async updateActivity(serviceUrl: string, conversationId: string, activityId: string, activity: OutgoingActivity): Promise<void> {
    await this.call('PUT', serviceUrl, `v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`, { ...activity, id: activityId });
  }

  /** Creates a conversation; answers its id and, for a channel post, the first activity's (ConversationResourceResponse). */
  async createConversation(serviceUrl: string, parameters: ConversationParameters): Promise<{ id: string; activityId?: string }> {
    return (await this.call('POST', serviceUrl, 'v3/conversations', parameters)) as { id: string; activityId?: string };
  }

  private async call(method: 'POST' | 'PUT', serviceUrl: string, path: string, body: unknown, retried = false): Promise<unknown> {
    const url = `${serviceUrl.replace(/\/+$/, '')}/${path}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: { authorization: `Bearer ${await this.token.token()}`, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      if ((error as Error).name === 'SendFailure') throw error;
      throw unreachable(error);
    }
    // A token revoked or rotated early: one fresh token, once, before a person is asked to look.
    if (response.status === 401 && !retried) {
      await response.body?.cancel();
      this.token.invalidate();
      return this.call(method, serviceUrl, path, body, true);
    }
    if (!response.ok) throw await connectorFailure(response);
    const text = await response.text();
    return text ? (JSON.parse(text) as unknown) : {};
  }
}
