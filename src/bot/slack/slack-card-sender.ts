import { webApi } from '@slack/bolt';
import type { ChatContent } from '../conversation/card.js';
import type { ChatFile, ChatPlace, PostedRef } from '../conversation/port.js';
import { type ChatCardSender, NEEDS_PERSON, SendFailure } from '../outbox/card-sender.js';
import type { RenderedMessage } from '../presenter/block-kit.js';
import { renderSlackContent } from './block-kit-card.js';
import { slackErrorCode, type SlackClient } from './slack-client.js';

// Slack's own "try later" error codes (https://docs.slack.dev/reference/methods/chat.postMessage#errors).
const TRANSIENT_CODES = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'team_added_to_org']);

/**
 * The outbox's Slack adapter (until the Slack conversation port takes its place): neutral cards become Block Kit here. Its own Web API client does not retry or wait out rate limits: the outbox does,
 * durably, so a card outlives a restart and a 429 does not hold a worker for minutes.
 */
export class SlackCardSender implements ChatCardSender {
  readonly platform = 'slack';
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

  async post(place: ChatPlace, content: ChatContent): Promise<PostedRef> {
    const message = slackMessageOf(content);
    const posted = await this.call(() =>
      this.client.chat.postMessage({ channel: place.channel, ...(place.thread ? { thread_ts: place.thread } : {}), text: message.text, ...(message.blocks?.length ? { blocks: message.blocks as never } : {}), unfurl_links: false }),
    );
    return { channel: posted.channel ?? place.channel, id: posted.ts ?? '', ...(place.thread ? { thread: place.thread } : {}) };
  }

  async update(posted: PostedRef, content: ChatContent): Promise<void> {
    const message = slackMessageOf(content);
    await this.call(() => this.client.chat.update({ channel: posted.channel, ts: posted.id, text: message.text, ...(message.blocks?.length ? { blocks: message.blocks as never } : {}) }));
  }

  /** Slack's upload flow (files.getUploadURLExternal, the bytes, files.completeUploadExternal), as the Slack port's. */
  async upload(place: ChatPlace, file: ChatFile): Promise<void> {
    const contents = { file: file.bytes, filename: file.filename, title: file.title };
    await this.call(() => this.client.filesUploadV2(place.thread ? { ...contents, channel_id: place.channel, thread_ts: place.thread } : { ...contents, channel_id: place.channel }));
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

/** Block Kit for a neutral card; an outbox row written before cards were neutral is already Slack's `{text, blocks}`. */
export function slackMessageOf(content: ChatContent | RenderedMessage): { text: string; blocks?: unknown[] } {
  if (typeof (content as { text?: unknown }).text === 'string') return content as RenderedMessage;
  return renderSlackContent(content as ChatContent);
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
