import { webApi } from '@slack/bolt';
import type { OutboxContent } from '../../store/outbox-repository.js';
import { type ChatCardSender, type ChatPlace, NEEDS_PERSON, type PostedMessage, SendFailure } from '../outbox/card-sender.js';
import { slackErrorCode, type SlackClient } from './slack-client.js';

// Slack's own "try later" error codes (https://docs.slack.dev/reference/methods/chat.postMessage#errors).
const TRANSIENT_CODES = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'team_added_to_org']);

/**
 * The outbox's Slack adapter. Its own Web API client does not retry or wait out rate limits: the outbox does,
 * durably, so a card outlives a restart and a 429 does not hold a worker for minutes.
 */
export class SlackCardSender implements ChatCardSender {
  readonly platform = 'Slack';
  private readonly client: SlackClient;

  constructor(source: { token?: string; slackApiUrl: string; logger?: webApi.Logger }) {
    this.client = new webApi.WebClient(source.token, {
      slackApiUrl: source.slackApiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 15_000,
      ...(source.logger ? { logger: source.logger } : {}),
    });
  }

  async post(place: ChatPlace, content: OutboxContent): Promise<PostedMessage> {
    const posted = await this.call(() =>
      this.client.chat.postMessage({ channel: place.channel, ...(place.threadTs ? { thread_ts: place.threadTs } : {}), text: content.text, ...(content.blocks ? { blocks: content.blocks as never } : {}), unfurl_links: false }),
    );
    return { channel: posted.channel ?? place.channel, ts: posted.ts ?? '' };
  }

  async update(message: PostedMessage, content: OutboxContent): Promise<void> {
    await this.call(() => this.client.chat.update({ channel: message.channel, ts: message.ts, text: content.text, ...(content.blocks ? { blocks: content.blocks as never } : {}) }));
  }

  async join(channel: string): Promise<boolean> {
    try {
      await this.client.conversations.join({ channel });
      return true;
    } catch {
      // method_not_supported_for_channel_type (private), channel_not_found, missing_scope (no channels:join)…
      return false;
    }
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw classify(error);
    }
  }
}

/** A Web API client error as the outbox reads it. */
export function classify(error: unknown): SendFailure {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === webApi.ErrorCode.RateLimitedError) return new SendFailure('rate_limited', 'ratelimited', (error as webApi.WebAPIRateLimitedError).retryAfter * 1000);
  if (code === webApi.ErrorCode.HTTPError) {
    const status = (error as webApi.WebAPIHTTPError).statusCode;
    return new SendFailure(status >= 500 || status === 408 ? 'transient' : 'permanent', `HTTP ${status}`);
  }
  if (code === webApi.ErrorCode.RequestError) return new SendFailure('transient', 'network error');
  const slackCode = slackErrorCode(error);
  if (slackCode && (NEEDS_PERSON as readonly string[]).includes(slackCode)) return new SendFailure('needs_person', slackCode);
  if (slackCode && TRANSIENT_CODES.has(slackCode)) return new SendFailure('transient', slackCode);
  if (slackCode) return new SendFailure('permanent', slackCode);
  return new SendFailure('transient', error instanceof Error ? error.message : String(error));
}
