import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERRORS, errorAnswer, rateLimitAnswer, Snowflakes, type PeerChannel, type PeerStoredMessage, type WireAnswer } from './discord-wire.js';

/** One REST call as the peer received it. */
export interface RecordedDiscordCall {
  method: string;
  path: string;
  body?: Record<string, unknown>;
  authorization?: string;
}

/** An interaction Discord sent, and how the application answered it (the callback type). */
interface PeerInteraction {
  token: string;
  applicationId: string;
  channelId: string;
  user: string;
  callbackType?: number;
  /** The response message once it exists (deferred responses get one when completed). */
  originalId?: string;
}

const EPHEMERAL = 64;

/**
 * A loopback Discord REST API v10 that speaks its documented wire format: `Authorization: Bot …`, JSON or
 * multipart (`payload_json` + `files[n]`) bodies, the `{ code, message }` error envelope, 429 with
 * `retry_after`; messages, threads started from messages (the thread's id is the message's), DMs, guild
 * channels with permission overwrites, and interaction webhooks (deferred responses and follow-ups).
 */
export class FakeDiscordApi {
  readonly calls: RecordedDiscordCall[] = [];
  readonly channels = new Map<string, PeerChannel>();
  readonly messages = new Map<string, PeerStoredMessage>();
  readonly guildId: string;
  readonly botId: string;
  private readonly ids = new Snowflakes();
  private readonly interactions = new Map<string, PeerInteraction>();
  private readonly refused = new Set<string>();
  private readonly pinsRefused = new Set<string>();
  private readonly scripted: WireAnswer[] = [];
  private server?: Server;
  private exhausted?: number;

  constructor(private readonly options: { botToken: string; applicationId: string }) {
    this.guildId = this.ids.id();
    this.botId = options.applicationId;
  }

  get apiUrl(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('fake Discord API not started');
    return `http://127.0.0.1:${address.port}/api/v10`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A text channel in the guild; `refused`: the bot lacks access there (403 Missing Access). */
  addChannel(name: string, options: { refused?: boolean } = {}): string {
    const id = this.ids.id();
    this.channels.set(id, { id, type: 0, name, guild_id: this.guildId });
    if (options.refused) this.refused.add(id);
    return id;
  }

  /** The bot's role lacks PIN_MESSAGES in this channel. */
  refusePins(channelId: string): void {
    this.pinsRefused.add(channelId);
  }

  newId(): string {
    return this.ids.id();
  }

  /** Discord sent an interaction with this token; the sender reports the application's callback type. */
  interactionSent(token: string, channelId: string, user: string): void {
    this.interactions.set(token, { token, applicationId: this.options.applicationId, channelId, user });
  }

  interactionAnswered(token: string, callbackType: number): void {
    const interaction = this.interactions.get(token);
    if (interaction) interaction.callbackType = callbackType;
  }

  /** Who an interaction came from, by its token. */
  interactionUser(token: string): string | undefined {
    return this.interactions.get(token)?.user;
  }

  /** The next REST calls get these answers first (a 429, a 5xx). */
  script(...answers: WireAnswer[]): void {
    this.scripted.push(...answers);
  }

  rateLimitNext(retryAfterSeconds: number): void {
    this.script(rateLimitAnswer(retryAfterSeconds));
  }

  /** The next answer is the last one its route's bucket allows: `X-RateLimit-Remaining: 0` until the reset. */
  exhaustBucketNext(resetAfterSeconds: number): void {
    this.exhausted = resetAfterSeconds;
  }

  callsTo(method: string, pathPattern: RegExp): RecordedDiscordCall[] {
    return this.calls.filter((call) => call.method === method && pathPattern.test(call.path));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = (request.url ?? '').replace(/^\/api\/v10/, '').split('?')[0]!;
    const method = request.method ?? 'GET';
    const contentType = request.headers['content-type'] ?? '';
    let body: Record<string, unknown> | undefined;
    const files: Array<{ filename: string; bytes: Buffer; content_type?: string }> = [];
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Request('http://peer/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
      body = JSON.parse(String(form.get('payload_json') ?? '{}')) as Record<string, unknown>;
      for (const [name, value] of form.entries()) {
        if (/^files\[\d+\]$/.test(name) && value instanceof File) files.push({ filename: value.name, bytes: Buffer.from(await value.arrayBuffer()), content_type: value.type });
      }
    } else if (raw.length > 0) {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    }
    this.calls.push({ method, path, body, authorization: request.headers.authorization });
    const answer = this.scripted.shift() ?? this.route(method, path, body ?? {}, files, request.headers.authorization);
    response.writeHead(answer.status, { 'content-type': 'application/json', ...this.bucketHeaders(), ...answer.headers });
    response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }

  /** Every answer carries its bucket's state, as Discord's do. */
  private bucketHeaders(): Record<string, string> {
    const resetAfter = this.exhausted ?? 1;
    const remaining = this.exhausted === undefined ? '4' : '0';
    this.exhausted = undefined;
    return { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': remaining, 'x-ratelimit-reset-after': resetAfter.toFixed(3), 'x-ratelimit-bucket': 'abcd1234efgh5678' };
  }

  private route(method: string, path: string, body: Record<string, unknown>, files: Array<{ filename: string; bytes: Buffer; content_type?: string }>, authorization?: string): WireAnswer {
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path);
    if (webhook) return this.webhook(method, webhook[2]!, webhook[3], body);
    if (authorization !== `Bot ${this.options.botToken}`) return errorAnswer(ERRORS.unauthorized);
    let match: RegExpExecArray | null;
    if (method === 'POST' && (match = /^\/channels\/(\d+)\/messages$/.exec(path))) return this.createMessage(match[1]!, body, files);
    if (method === 'PATCH' && (match = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) return this.editMessage(match[1]!, match[2]!, body);
    if (method === 'POST' && (match = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path))) return this.startThread(match[1]!, match[2]!, body);
    if (method === 'PUT' && (match = /^\/channels\/(\d+)\/messages\/pins\/(\d+)$/.exec(path))) return this.pinMessage(match[1]!, match[2]!);
    if (method === 'POST' && path === '/users/@me/channels') return this.openDm(String(body.recipient_id ?? ''));
    if (method === 'GET' && path === '/users/@me/guilds') return { status: 200, body: [{ id: this.guildId, name: 'ops', owner: false, permissions: '8' }] };
    if (method === 'POST' && (match = /^\/guilds\/(\d+)\/channels$/.exec(path))) return this.createGuildChannel(match[1]!, body);
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  private createMessage(channelId: string, body: Record<string, unknown>, files: Array<{ filename: string; bytes: Buffer; content_type?: string }>): WireAnswer {
    const channel = this.channels.get(channelId);
    if (!channel) return errorAnswer(ERRORS.unknownChannel);
    const parent = channel.parent_id ?? channelId;
    if (this.refused.has(channelId) || this.refused.has(parent)) return errorAnswer(ERRORS.missingAccess);
    const message = this.store(channelId, body, files);
    return { status: 200, body: this.view(message) };
  }

  /**
   * Pin Message (https://discord.com/developers/docs/resources/message#pin-message): 204 and no body; without the
   * PIN_MESSAGES permission in the channel, 403 Missing Permissions.
   */
  private pinMessage(channelId: string, messageId: string): WireAnswer {
    if (!this.channels.has(channelId)) return errorAnswer(ERRORS.unknownChannel);
    const message = this.messages.get(messageId);
    if (!message || message.channel_id !== channelId || message.ephemeralTo) return errorAnswer(ERRORS.unknownMessage);
    if (this.pinsRefused.has(channelId)) return errorAnswer(ERRORS.missingPermissions);
    message.pinned = true;
    return { status: 204 };
  }

  private editMessage(channelId: string, messageId: string, body: Record<string, unknown>): WireAnswer {
    const message = this.messages.get(messageId);
    if (!this.channels.has(channelId)) return errorAnswer(ERRORS.unknownChannel);
    if (!message || message.channel_id !== channelId || message.ephemeralTo) return errorAnswer(ERRORS.unknownMessage);
    if (message.author.id !== this.botId) return errorAnswer(ERRORS.otherAuthor);
    this.apply(message, body);
    return { status: 200, body: this.view(message) };
  }

  private startThread(channelId: string, messageId: string, body: Record<string, unknown>): WireAnswer {
    const message = this.messages.get(messageId);
    if (!message || message.channel_id !== channelId) return errorAnswer(ERRORS.unknownMessage);
    if (this.channels.has(messageId)) return errorAnswer(ERRORS.threadExists);
    if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 100) return errorAnswer(ERRORS.invalidForm, { name: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } });
    // A thread started from a message has the message's id.
    const thread: PeerChannel = { id: messageId, type: 11, name: body.name, guild_id: this.guildId, parent_id: channelId };
    this.channels.set(messageId, thread);
    return { status: 201, body: thread };
  }

  private openDm(recipient: string): WireAnswer {
    if (!/^\d+$/.test(recipient)) return errorAnswer(ERRORS.invalidForm, { recipient_id: { _errors: [{ code: 'NUMBER_TYPE_COERCE', message: 'Value is not snowflake.' }] } });
    const existing = [...this.channels.values()].find((channel) => channel.type === 1 && channel.recipients?.[0] === recipient);
    if (existing) return { status: 200, body: existing };
    const channel: PeerChannel = { id: this.ids.id(), type: 1, recipients: [recipient] };
    this.channels.set(channel.id, channel);
    return { status: 200, body: channel };
  }

  private createGuildChannel(guildId: string, body: Record<string, unknown>): WireAnswer {
    if (guildId !== this.guildId) return errorAnswer(ERRORS.unknownGuild);
    if (typeof body.name !== 'string' || !/^[^A-Z\s]{1,100}$/.test(body.name)) return errorAnswer(ERRORS.invalidForm, { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] } });
    const channel: PeerChannel = {
      id: this.ids.id(),
      type: Number(body.type ?? 0),
      name: body.name,
      guild_id: guildId,
      topic: typeof body.topic === 'string' ? body.topic : undefined,
      permission_overwrites: (body.permission_overwrites as PeerChannel['permission_overwrites']) ?? [],
    };
    this.channels.set(channel.id, channel);
    return { status: 201, body: channel };
  }

  /** Interaction webhooks: authorised by the token in the path, not the bot token. */
  private webhook(method: string, token: string, target: string | undefined, body: Record<string, unknown>): WireAnswer {
    const interaction = this.interactions.get(token);
    if (!interaction || !interaction.callbackType) return errorAnswer(ERRORS.unknownWebhook);
    const deferredPending = interaction.callbackType === 5 && !interaction.originalId;
    if (target === '@original') {
      if (method === 'DELETE') {
        if (interaction.originalId) this.messages.delete(interaction.originalId);
        interaction.callbackType = 4; // answered: later follow-ups create messages
        interaction.originalId = undefined;
        return { status: 204 };
      }
      if (method !== 'PATCH') return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
      if (deferredPending) return { status: 200, body: this.view(this.answerDeferred(interaction, body)) };
      const original = interaction.originalId ? this.messages.get(interaction.originalId) : undefined;
      if (!original) return errorAnswer(ERRORS.unknownMessage);
      this.apply(original, body);
      return { status: 200, body: this.view(original) };
    }
    if (method === 'POST' && !target) {
      // The first follow-up after a deferred response completes it, with the deferral's visibility (flags ignored).
      if (deferredPending) return { status: 200, body: this.view(this.answerDeferred(interaction, body)) };
      const message = this.store(interaction.channelId, body, [], token);
      if ((Number(body.flags ?? 0) & EPHEMERAL) !== 0) message.ephemeralTo = interaction.user;
      return { status: 200, body: this.view(message) };
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  private answerDeferred(interaction: PeerInteraction, body: Record<string, unknown>): PeerStoredMessage {
    const { flags: _ignored, ...rest } = body;
    const message = this.store(interaction.channelId, rest, [], interaction.token);
    interaction.originalId = message.id;
    return message;
  }

  private store(channelId: string, body: Record<string, unknown>, files: Array<{ filename: string; bytes: Buffer; content_type?: string }>, interactionToken?: string): PeerStoredMessage {
    const message: PeerStoredMessage = {
      id: this.ids.id(),
      channel_id: channelId,
      author: { id: this.botId, bot: true },
      content: '',
      embeds: [],
      components: [],
      attachments: files.map((file) => ({ id: this.ids.id(), ...file })),
      flags: Number(body.flags ?? 0),
      ...(interactionToken ? { interactionToken, webhook_id: this.options.applicationId } : {}),
    };
    this.apply(message, body);
    this.messages.set(message.id, message);
    return message;
  }

  private apply(message: PeerStoredMessage, body: Record<string, unknown>): void {
    if (typeof body.content === 'string') message.content = body.content;
    if (Array.isArray(body.embeds)) message.embeds = body.embeds as PeerStoredMessage['embeds'];
    if (Array.isArray(body.components)) message.components = body.components as PeerStoredMessage['components'];
    if (body.allowed_mentions) message.allowed_mentions = body.allowed_mentions as PeerStoredMessage['allowed_mentions'];
  }

  private view(message: PeerStoredMessage): Record<string, unknown> {
    const { attachments, ephemeralTo: _hidden, interactionToken: _token, ...rest } = message;
    return { ...rest, type: 0, attachments: attachments.map((file) => ({ id: file.id, filename: file.filename, size: file.bytes.length, content_type: file.content_type })) };
  }
}
