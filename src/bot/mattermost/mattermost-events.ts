import type { InboundMessage } from '../conversation/port.js';
import type { MattermostPost, MattermostUser } from './mattermost-api.js';
import type { MattermostLogger } from './mattermost-receiver.js';

/** How long to wait before reconnecting, doubled after each failure up to the last. */
const RECONNECT_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
/** How long start() waits for the server to accept the token before going on (events then arrive once it does). */
const AUTH_WAIT_MS = 10_000;
/** Threads opsbot posted into that are remembered, so replies there reach it without a mention. */
const KNOWN_THREADS = 5_000;

/** A `posted` event of Mattermost's WebSocket API (https://developers.mattermost.com/api-documentation/#/#websocket). */
interface PostedEvent {
  event: 'posted';
  data: { post?: string; channel_type?: string; mentions?: string };
}

/**
 * Mentions, direct messages and replies in opsbot's threads, as Mattermost pushes them over its WebSocket API
 * (`/api/v4/websocket`, authenticated by an `authentication_challenge` with the bot token). Slash commands and
 * clicks come over HTTP instead (mattermost-receiver.ts). The author is the server's `user_id` of the post, never
 * anything in the text; the bot's own posts and system messages are skipped. A dropped connection is reopened.
 */
export class MattermostEvents {
  private socket?: WebSocket;
  private stopped = true;
  private failures = 0;
  private retry?: NodeJS.Timeout;
  private readonly threads = new Set<string>();

  constructor(
    private readonly options: { url: string; token: string; me: () => Promise<MattermostUser>; logger: MattermostLogger },
    private readonly deliver: (message: InboundMessage) => Promise<void>,
  ) {}

  /** A thread opsbot posted in: replies there are for opsbot. */
  remember(thread: string): void {
    this.threads.delete(thread);
    this.threads.add(thread);
    if (this.threads.size > KNOWN_THREADS) this.threads.delete(this.threads.values().next().value!);
  }

  /** Connects; resolves once the server accepted the token (or the first attempt failed and a retry is scheduled). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.socket?.close(1000);
    this.socket = undefined;
  }

  private async connect(): Promise<void> {
    const me = await this.options.me().catch((error: unknown) => {
      this.options.logger.warn(`mattermost: events: cannot read the bot account: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    if (!me) return this.reconnectLater();
    const url = `${this.options.url.replace(/^http/i, 'ws').replace(/\/+$/, '')}/api/v4/websocket`;
    await new Promise<void>((resolve) => {
      // A server that never answers the challenge must not hold up the rest of startup.
      setTimeout(resolve, AUTH_WAIT_MS).unref();
      const socket = new WebSocket(url);
      this.socket = socket;
      socket.addEventListener('open', () => socket.send(JSON.stringify({ seq: 1, action: 'authentication_challenge', data: { token: this.options.token } })));
      socket.addEventListener('message', (event) => {
        const frame = parse(String(event.data));
        if (frame?.seq_reply === 1) {
          if (frame.status === 'OK') this.failures = 0;
          else this.options.logger.warn('mattermost: events: the server refused the bot token');
          resolve();
          return;
        }
        if (frame?.event === 'posted') void this.posted(frame as unknown as PostedEvent, me).catch((error: unknown) => this.options.logger.error(`mattermost: events: ${error instanceof Error ? error.message : String(error)}`));
      });
      socket.addEventListener('close', () => {
        resolve();
        if (this.socket === socket) this.reconnectLater();
      });
      socket.addEventListener('error', () => undefined);
    });
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    const wait = RECONNECT_MS[Math.min(this.failures, RECONNECT_MS.length - 1)]!;
    this.failures += 1;
    this.retry = setTimeout(() => void this.connect(), wait);
    this.retry.unref();
  }

  private async posted(event: PostedEvent, me: MattermostUser): Promise<void> {
    const post = parse(event.data.post ?? '') as (MattermostPost & { user_id?: string; type?: string }) | undefined;
    if (!post?.id || !post.user_id || post.user_id === me.id || post.type) return;
    const mentions = parse(event.data.mentions ?? '[]');
    const direct = event.data.channel_type === 'D';
    const mentioned = Array.isArray(mentions) && mentions.includes(me.id);
    const inThread = Boolean(post.root_id && this.threads.has(post.root_id));
    if (!direct && !mentioned && !inThread) return;
    const text = post.message.replace(new RegExp(`@${me.username.replace(/[.\\-]/g, '\\$&')}\\b`, 'gi'), '').replace(/\s+/g, ' ').trim();
    const thread = post.root_id || post.id;
    this.remember(thread);
    await this.deliver({ platform: 'mattermost', channel: post.channel_id, thread, messageId: post.id, author: post.user_id, text, direct });
  }
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
