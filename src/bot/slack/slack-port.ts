import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { OpsbotError } from '../../errors.js';
import type { ChatContent } from '../conversation/card.js';
import type { ChatFile, ChatPlace, ConversationHandlers, ConversationPort, InboundRequest, PostedRef } from '../conversation/port.js';
import { registerSecret } from '../../util/redact.js';
import { renderSlackContent } from './block-kit-card.js';
import { classify } from './slack-card-sender.js';
import type { SlackClient } from './slack-client.js';
import { translateSlackRequest } from './slack-inbound.js';
import { verifySlackSignature } from './slack-signature.js';

// Slack wants an ack within 3 s; a body this large is not an event or a click.
const MAX_BODY_BYTES = 1_000_000;
// Event ids remembered to drop Slack's redeliveries of one event (it retries when an ack was late).
const REMEMBERED_EVENTS = 1_000;

/** How to reach Slack as a conversation port. */
export interface SlackPortOptions {
  botToken: string;
  /** Where Web API calls go (`SLACK_API_URL`, ending in `/`). */
  apiUrl: string;
  /**
   * A Web API client to send through instead of the port's own: the Slack front end passes Bolt's, which waits out
   * rate limits and retries where a person is waiting for the answer (and counts posts).
   */
  client?: SlackClient;
  /** Verifies inbound requests; without it `verify` refuses everything and `start` cannot listen. */
  signingSecret?: string;
  /** Where `start` listens for events and clicks (`{ port: 0 }` in tests). */
  listen?: { host?: string; port: number };
  /** Opsbot's own user id, whose mention is taken out of messages; asked of auth.test at start when absent. */
  botUserId?: string;
  logger?: webApi.Logger;
  now?: () => number;
}

/**
 * Slack as a conversation port, over the Web API. Its client neither retries nor waits out rate limits: a failure
 * is a classified `SendFailure` (a 429 as `rate_limited` with Slack's Retry-After), so the caller (the outbox)
 * decides. Inbound, a small HTTP receiver checks Slack's signature and freshness, acks at once, then hands
 * mentions, direct messages and button clicks to the handlers.
 */
export class SlackPort implements ConversationPort {
  readonly platform = 'slack' as const;
  readonly client: SlackClient;
  private server?: Server;
  private readonly seenEvents = new Set<string>();

  constructor(private readonly options: SlackPortOptions) {
    registerSecret(options.botToken);
    if (options.signingSecret) registerSecret(options.signingSecret);
    this.client = options.client ?? new webApi.WebClient(options.botToken, {
      slackApiUrl: options.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 15_000,
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  async post(place: ChatPlace, content: ChatContent): Promise<PostedRef> {
    const rendered = renderSlackContent(content);
    const posted = await this.call(() =>
      this.client.chat.postMessage({ channel: place.channel, ...(place.thread ? { thread_ts: place.thread } : {}), text: rendered.text, ...(rendered.blocks.length ? { blocks: rendered.blocks } : {}), unfurl_links: false }),
    );
    return { channel: posted.channel ?? place.channel, id: posted.ts ?? '', ...(place.thread ? { thread: place.thread } : {}) };
  }

  async update(message: PostedRef, content: ChatContent): Promise<void> {
    const rendered = renderSlackContent(content);
    // An empty blocks list removes the old card's blocks (its buttons): text alone is shown again.
    await this.call(() => this.client.chat.update({ channel: message.channel, ts: message.id, text: rendered.text, blocks: rendered.blocks }));
  }

  /** pins.add: needs the pins:write scope. */
  async pin(message: PostedRef): Promise<void> {
    await this.call(() => this.client.pins.add({ channel: message.channel, timestamp: message.id }));
  }

  async tellPrivately(place: ChatPlace, person: string, content: ChatContent): Promise<void> {
    const rendered = renderSlackContent(content);
    await this.call(() => this.client.chat.postEphemeral({ channel: place.channel, user: person, text: rendered.text, ...(rendered.blocks.length ? { blocks: rendered.blocks } : {}), ...(place.thread ? { thread_ts: place.thread } : {}) }));
  }

  /** Slack's current upload flow (files.getUploadURLExternal, the bytes, files.completeUploadExternal), as charts use. */
  async upload(place: ChatPlace, file: ChatFile): Promise<void> {
    const contents = { file: file.bytes, filename: file.filename, title: file.title };
    await this.call(() => this.client.filesUploadV2(place.thread ? { ...contents, channel_id: place.channel, thread_ts: place.thread } : { ...contents, channel_id: place.channel }));
  }

  async openChannel(name: string, options: { topic?: string; invite: string[] }): Promise<{ channel: string; url?: string }> {
    const created = await this.call(() => this.client.conversations.create({ name: slackChannelName(name), is_private: false }));
    const channel = created.channel?.id;
    if (!channel) throw classify(new Error('conversations.create named no channel'));
    if (options.topic) await this.client.conversations.setTopic({ channel, topic: options.topic }).catch(() => undefined);
    if (options.invite.length) await this.call(() => this.client.conversations.invite({ channel, users: options.invite.join(',') }));
    return { channel };
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

  async verify(request: InboundRequest): Promise<boolean> {
    return Boolean(this.options.signingSecret) && verifySlackSignature(request, this.options.signingSecret!, this.options.now);
  }

  async start(handlers: ConversationHandlers): Promise<{ port?: number; address?: string }> {
    const { listen } = this.options;
    if (!listen || !this.options.signingSecret) throw new OpsbotError('config_invalid', 'the Slack port listens only with a signing secret and an address');
    const botUserId = this.options.botUserId ?? (await this.client.auth.test()).user_id;
    this.server = createServer((request, response) => void this.receive(request, response, handlers, botUserId));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(listen.port, listen.host ?? '127.0.0.1', resolve);
    });
    const address = this.server.address() as AddressInfo;
    return { port: address.port, address: address.address };
  }

  /** Where the receiver listens, once started. */
  listening(): AddressInfo | undefined {
    return (this.server?.address() as AddressInfo | null) ?? undefined;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async receive(request: IncomingMessage, response: ServerResponse, handlers: ConversationHandlers, botUserId: string | undefined): Promise<void> {
    const rawBody = await readBody(request).catch(() => undefined);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]));
    if (request.method !== 'POST' || !rawBody || !(await this.verify({ method: 'POST', path: request.url ?? '/', headers, rawBody }))) {
      response.writeHead(401).end();
      return;
    }
    const inbound = translateSlackRequest(rawBody.toString('utf8'), headers['content-type'] ?? '', botUserId);
    if (inbound.challenge) {
      response.writeHead(200, { 'content-type': 'text/plain' }).end(inbound.challenge);
      return;
    }
    response.writeHead(200).end();
    if (inbound.eventId && !this.firstDelivery(inbound.eventId)) return;
    // After the ack: a turn or a deploy takes longer than Slack waits.
    for (const message of inbound.messages) await handlers.message(message).catch((error: unknown) => this.options.logger?.error(`Slack message: ${String(error)}`));
    for (const click of inbound.clicks) await handlers.click(click).catch((error: unknown) => this.options.logger?.error(`Slack click: ${String(error)}`));
  }

  private firstDelivery(eventId: string): boolean {
    if (this.seenEvents.has(eventId)) return false;
    this.seenEvents.add(eventId);
    if (this.seenEvents.size > REMEMBERED_EVENTS) this.seenEvents.delete(this.seenEvents.values().next().value!);
    return true;
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw classify(error);
    }
  }
}

/** Slack channel names: lower case, at most 80 of letters, digits, `-` and `_`. */
export function slackChannelName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'opsbot';
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.destroy();
        reject(new Error('body too large'));
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
