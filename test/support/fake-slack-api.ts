import { createHmac } from 'node:crypto';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BlockActionFields, blockActionPayload, type CommandFields, commandPayload, eventCallback, newEventId, type SlackIdentity } from './slack-payloads.js';

/** One Web API call as the fake received it; `at` is performance.now() on arrival. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  /** The token the call carried (the Authorization bearer, or the `token` field). */
  token?: string;
}

/** Answers a Web API method the fake does not know itself (apps.connections.open, say). */
export type MethodAnswer = (call: RecordedCall) => Record<string, unknown>;

/** A message as the fake keeps it, edits applied, so a test can read a card's current blocks. */
export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  /** Who wrote it, for messages people wrote (addMessage); the bot otherwise. */
  user?: string;
  /** A message streamed with chat.startStream: every chunk in order, and whether it is still streaming. */
  stream?: { chunks: Array<Record<string, unknown>>; open: boolean; recipient?: string };
}

/** A file as it went through the upload flow: URL requested, bytes uploaded, upload completed into a channel or thread. */
export interface StoredUpload {
  id: string;
  filename: string;
  length: number;
  altText?: string;
  bytes?: Buffer;
  completed?: { channel: string; threadTs?: string; title?: string; initialComment?: string };
}

/** How the fake behaves. */
export interface FakeSlackOptions {
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** User group id → member ids, for usergroups.users.list. */
  groups?: Record<string, string[]>;
  /** When false, assistant.threads.setStatus answers `missing_scope`, as for an app without the scope. */
  statusSupported?: boolean;
  /** Delay before each answer, to model network time. */
  latencyMs?: number;
  /** Channels the bot is not a member of: posting there fails with `not_in_channel`. */
  notInChannel?: string[];
  /** The token's scopes, sent as Slack does in the `x-oauth-scopes` header of every Web API answer. */
  scopes?: string[];
  /** Private channels: `conversations.join` answers `method_not_supported_for_channel_type` (only an invite helps). */
  privateChannels?: string[];
}

/** One scripted HTTP answer: a status, headers (Retry-After) and a body, as Slack sends it for that case. */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/**
 * Slack's rate-limit answer (https://docs.slack.dev/apis/web-api/rate-limits): HTTP 429 with `Retry-After` in
 * seconds and the error envelope `{ ok: false, error: "ratelimited" }`.
 */
export function rateLimited(retryAfterSeconds: number): ScriptedAnswer {
  return { status: 429, headers: { 'retry-after': String(retryAfterSeconds) }, body: JSON.stringify({ ok: false, error: 'ratelimited' }) };
}

/** Slack having an outage: a 5xx with an HTML body (not the JSON envelope), as a load balancer sends it. */
export function serverError(status = 500): ScriptedAnswer {
  return { status, headers: { 'content-type': 'text/html' }, body: '<html><body>Internal Server Error</body></html>' };
}

/**
 * A loopback stand-in for the Slack Web API (https://docs.slack.dev/reference/methods) that speaks its wire
 * format — form or JSON bodies in, `{ ok, … }` out — records every call, and keeps posted messages with their
 * edits. Also serves response URLs (POST /response/…), recorded as method `response_url`.
 */
export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  readonly messages = new Map<string, StoredMessage>();
  /** Files by id, through files.getUploadURLExternal → POST to the upload URL → files.completeUploadExternal. */
  readonly uploads = new Map<string, StoredUpload>();
  /** Link previews given through chat.unfurl, in order. */
  readonly unfurls: Array<{ channel?: string; ts?: string; unfurlId?: string; source?: string; unfurls: Record<string, { blocks?: Array<Record<string, unknown>> }> }> = [];
  /** Messages told to one user (chat.postEphemeral): Slack shows them to that user only and keeps no copy. */
  readonly ephemerals: Array<StoredMessage & { user: string }> = [];
  /** Messages pinned through pins.add. */
  readonly pinned: Array<{ channel: string; ts: string }> = [];
  /** Channels made through conversations.create, with who was invited (conversations.invite). */
  readonly createdChannels: Array<{ id: string; name: string; members: string[]; topic?: string }> = [];
  /** When set, POSTs to upload URLs answer this HTTP status instead of 200 (Slack's upload host failing). */
  uploadStatus: number | undefined;
  private readonly channels = new Map<string, string>();
  private readonly failures = new Map<string, string>();
  private readonly extraMethods = new Map<string, MethodAnswer>();
  private readonly scripts = new Map<string, ScriptedAnswer[]>();
  private readonly outside: Set<string>;
  private server?: Server;
  private sequence = 0;
  private readonly options: Required<FakeSlackOptions>;

  constructor(options: FakeSlackOptions = {}) {
    this.options = { botUserId: 'U0BOT', botId: 'B0BOT', teamId: 'T0TEAM', groups: {}, statusSupported: true, latencyMs: 0, notInChannel: [], privateChannels: [], scopes: [], ...options };
    this.outside = new Set(this.options.notInChannel);
  }

  /** The next calls of `method` get these answers, one each, before it answers normally again. */
  script(method: string, ...answers: ScriptedAnswer[]): void {
    this.scripts.set(method, [...(this.scripts.get(method) ?? []), ...answers]);
  }

  /** Drops the answers still scripted for `method`. */
  unscript(method: string): void {
    this.scripts.delete(method);
  }

  /** Someone invites the bot into a channel (the only way into a private one). */
  invite(channel: string): void {
    this.outside.delete(channel);
  }

  /** Whether the bot is a member of `channel` now. */
  isMember(channel: string): boolean {
    return !this.outside.has(channel);
  }

  /** Base URL for the Web API client (`slackApiUrl`), ending in `/api/`. */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  /** A response URL for a slash command or a click. */
  responseUrl(name = 'command'): string {
    return `${this.origin}/response/${name}`;
  }

  get origin(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('fake Slack API not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Makes every later call of `method` fail with Slack error `error` (until `succeed`). */
  fail(method: string, error: string): void {
    this.failures.set(method, error);
  }

  succeed(method: string): void {
    this.failures.delete(method);
  }

  /** Serves `method` with `answer`, for peers that extend the Web API (the Socket Mode fake). */
  answerWith(method: string, answer: MethodAnswer): void {
    this.extraMethods.set(method, answer);
  }

  /** A channel that exists already (its name is taken); returns its id. */
  addChannel(name: string): string {
    const id = `C0EXIST${String(this.channels.size + 1).padStart(3, '0')}`;
    this.channels.set(name, id);
    return id;
  }

  /** A message a person wrote (not through the API), so conversations.history can return it. */
  addMessage(channel: string, ts: string, text: string, user: string): void {
    this.messages.set(`${channel}/${ts}`, { channel, ts, text, user });
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(`${channel}/${ts}`);
  }

  /** Messages posted into a thread (the root excluded), oldest first, edits applied. */
  thread(channel: string, threadTs: string): StoredMessage[] {
    return [...this.messages.values()].filter((message) => message.channel === channel && message.threadTs === threadTs);
  }

  /** Polls until `predicate` holds; fails with what was seen when it does not within `timeoutMs`. */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out; calls so far: ${this.calls.map((call) => call.method).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    const bytes = await readBody(request);
    const url = request.url ?? '/';
    if (url.startsWith('/upload/')) return this.receiveUpload(url, bytes, request.headers['content-type'] ?? '', at, response);
    const raw = bytes.toString('utf8');
    const args = parseArgs(raw, request.headers['content-type'] ?? '');
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    if (url.startsWith('/response/')) {
      this.calls.push({ method: 'response_url', args: { ...args, url }, at });
      return send(response, 200, 'ok', 'text/plain');
    }
    const method = url.replace(/^\/api\//, '').split('?')[0]!;
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const call: RecordedCall = { method, args, at, token: bearer ?? (typeof args.token === 'string' ? args.token : undefined) };
    this.calls.push(call);
    const scripted = this.scripts.get(method)?.shift();
    if (scripted) return send(response, scripted.status, scripted.body, scripted.headers?.['content-type'] ?? 'application/json; charset=utf-8', scripted.headers);
    const failure = this.failures.get(method);
    const extra = this.extraMethods.get(method);
    const answer = failure ? { ok: false, error: failure } : extra ? extra(call) : this.answer(method, args);
    send(response, 200, JSON.stringify(answer), 'application/json; charset=utf-8', this.options.scopes.length ? { 'x-oauth-scopes': this.options.scopes.join(',') } : {});
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const { botUserId, botId, teamId } = this.options;
    const channel = String(args.channel ?? '');
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://acme.slack.com/', team: 'Acme', user: 'opsbot', team_id: teamId, user_id: botUserId, bot_id: botId, is_enterprise_install: false };
      case 'assistant.threads.setStatus':
        return this.options.statusSupported ? { ok: true } : { ok: false, error: 'missing_scope', needed: 'chat:write', provided: 'commands' };
      case 'chat.postMessage': {
        if (this.outside.has(channel)) return { ok: false, error: 'not_in_channel' };
        const id = this.channels.get(channel.replace(/^#/, '')) ?? channel;
        const ts = this.nextTs();
        const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
        const message: StoredMessage = { channel: id, ts, text: String(args.text ?? ''), blocks: args.blocks as unknown[] | undefined, threadTs };
        this.messages.set(`${id}/${ts}`, message);
        return { ok: true, channel: id, ts, message: { type: 'message', user: botUserId, bot_id: botId, text: message.text, ts, ...(threadTs ? { thread_ts: threadTs } : {}) } };
      }
      // https://docs.slack.dev/reference/methods/chat.startStream (appendStream, stopStream): one message whose
      // markdown_text chunks add up to its text; task_update chunks are kept in order; only an open stream takes more.
      case 'chat.startStream': {
        if (this.outside.has(channel)) return { ok: false, error: 'not_in_channel' };
        const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
        if (!threadTs) return { ok: false, error: 'invalid_arguments' };
        // Outside a direct message Slack must know who the stream is for.
        if (!channel.startsWith('D') && (!args.recipient_user_id || !args.recipient_team_id)) return { ok: false, error: 'missing_recipient_user_id' };
        const ts = this.nextTs();
        const message: StoredMessage = { channel, ts, text: '', threadTs, stream: { chunks: [], open: true, recipient: args.recipient_user_id as string | undefined } };
        this.messages.set(`${channel}/${ts}`, message);
        this.appendChunks(message, args);
        return { ok: true, channel, ts };
      }
      case 'chat.appendStream':
      case 'chat.stopStream': {
        const message = this.messages.get(`${channel}/${String(args.ts)}`);
        if (!message) return { ok: false, error: 'message_not_found' };
        if (!message.stream?.open) return { ok: false, error: 'message_not_in_streaming_state' };
        this.appendChunks(message, args);
        if (method === 'chat.stopStream') {
          message.stream.open = false;
          if (args.blocks !== undefined) message.blocks = args.blocks as unknown[];
        }
        return { ok: true, channel, ts: message.ts };
      }
      case 'assistant.threads.setSuggestedPrompts':
      case 'assistant.threads.setTitle':
        return this.options.statusSupported ? { ok: true } : { ok: false, error: 'missing_scope', needed: 'assistant:write', provided: 'chat:write' };
      case 'chat.update': {
        const message = this.messages.get(`${channel}/${String(args.ts)}`);
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = String(args.text ?? message.text);
        // An empty list removes the blocks (https://docs.slack.dev/reference/methods/chat.update): text alone is shown.
        if (args.blocks !== undefined) message.blocks = (args.blocks as unknown[]).length ? (args.blocks as unknown[]) : undefined;
        return { ok: true, channel, ts: message.ts, text: message.text };
      }
      case 'chat.delete':
        return this.messages.delete(`${channel}/${String(args.ts)}`) ? { ok: true, channel, ts: args.ts } : { ok: false, error: 'message_not_found' };
      case 'chat.postEphemeral': {
        // https://docs.slack.dev/reference/methods/chat.postEphemeral: `user` must be given; the bot must be in the channel.
        if (this.outside.has(channel)) return { ok: false, error: 'not_in_channel' };
        if (typeof args.user !== 'string' || !args.user) return { ok: false, error: 'user_not_in_channel' };
        const ts = this.nextTs();
        const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
        this.ephemerals.push({ channel, ts, text: String(args.text ?? ''), blocks: args.blocks as unknown[] | undefined, threadTs, user: args.user });
        return { ok: true, message_ts: ts };
      }
      case 'conversations.join':
        // https://docs.slack.dev/reference/methods/conversations.join: public channels only.
        if (this.options.privateChannels.includes(channel)) return { ok: false, error: 'method_not_supported_for_channel_type' };
        this.outside.delete(channel);
        return { ok: true, channel: { id: channel, is_channel: true, is_private: false, is_member: true } };
      case 'conversations.create': {
        const name = String(args.name ?? '');
        if (!/^[a-z0-9_-]{1,80}$/.test(name)) return { ok: false, error: 'invalid_name_specials' };
        if (this.channels.has(name)) return { ok: false, error: 'name_taken' };
        const id = `C0INC${String(this.channels.size + 1).padStart(4, '0')}`;
        this.channels.set(name, id);
        this.createdChannels.push({ id, name, members: [] });
        return { ok: true, channel: { id, name, is_channel: true, is_private: args.is_private === 'true' || args.is_private === true, creator: botUserId, created: Math.floor(Date.now() / 1000) } };
      }
      case 'conversations.history': {
        // https://docs.slack.dev/reference/methods/conversations.history: newest first; latest/oldest bound the range,
        // exclusive unless `inclusive`; top-level messages only (replies are conversations.replies).
        const inclusive = args.inclusive === true || args.inclusive === 'true' || args.inclusive === '1';
        const latest = args.latest === undefined ? Infinity : Number(args.latest);
        const oldest = args.oldest === undefined ? 0 : Number(args.oldest);
        const within = (ts: number) => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
        const limit = Number(args.limit ?? 100);
        const found = [...this.messages.values()].filter((message) => message.channel === channel && !message.threadTs && within(Number(message.ts))).sort((a, b) => Number(b.ts) - Number(a.ts));
        return { ok: true, messages: found.slice(0, limit).map((message) => ({ type: 'message', ts: message.ts, text: message.text, user: message.user ?? botUserId })), has_more: found.length > limit };
      }
      case 'pins.add':
        // https://docs.slack.dev/reference/methods/pins.add
        if (!this.messages.has(`${channel}/${String(args.timestamp)}`)) return { ok: false, error: 'message_not_found' };
        if (this.pinned.some((pin) => pin.channel === channel && pin.ts === String(args.timestamp))) return { ok: false, error: 'already_pinned' };
        this.pinned.push({ channel, ts: String(args.timestamp) });
        return { ok: true };
      case 'conversations.invite': {
        // https://docs.slack.dev/reference/methods/conversations.invite: `users` is a comma-separated list of ids.
        const users = String(args.users ?? '').split(',').filter(Boolean);
        if (users.length === 0) return { ok: false, error: 'no_user' };
        const created = this.createdChannels.find((entry) => entry.id === channel);
        if (created) created.members.push(...users.filter((user) => !created.members.includes(user)));
        return { ok: true, channel: { id: channel } };
      }
      case 'conversations.setTopic': {
        const created = this.createdChannels.find((entry) => entry.id === channel);
        if (created) created.topic = String(args.topic ?? '');
        return { ok: true, channel: { id: channel, topic: { value: String(args.topic ?? '') } } };
      }
      case 'files.getUploadURLExternal': {
        // https://docs.slack.dev/reference/methods/files.getUploadURLExternal: filename and length (bytes) required.
        const filename = typeof args.filename === 'string' ? args.filename : '';
        const length = Number(args.length);
        if (!filename || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
        const id = `F0FILE${String(this.uploads.size + 1).padStart(4, '0')}`;
        this.uploads.set(id, { id, filename, length, altText: typeof args.alt_text === 'string' ? args.alt_text : undefined });
        return { ok: true, upload_url: `${this.origin}/upload/v1/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        // https://docs.slack.dev/reference/methods/files.completeUploadExternal: `files` is a JSON array of { id, title }.
        const files = Array.isArray(args.files) ? (args.files as Array<{ id?: string; title?: string }>) : [];
        if (files.length === 0) return { ok: false, error: 'invalid_arguments' };
        const completed = [];
        for (const file of files) {
          const upload = file.id ? this.uploads.get(file.id) : undefined;
          // A file whose bytes never arrived (or arrived short) cannot be completed.
          if (!upload?.bytes || upload.bytes.length !== upload.length) return { ok: false, error: 'file_not_found' };
          const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
          upload.completed = { channel: String(args.channel_id ?? ''), threadTs, title: file.title, initialComment: typeof args.initial_comment === 'string' ? args.initial_comment : undefined };
          completed.push({ id: upload.id, title: file.title ?? upload.filename, name: upload.filename, mimetype: 'image/png', size: upload.length });
        }
        return { ok: true, files: completed };
      }
      case 'conversations.info': {
        // channels:read (or groups:read) is what lets a bot read a channel, membership included.
        if (this.options.scopes.length && !this.options.scopes.some((scope) => scope === 'channels:read' || scope === 'groups:read')) return { ok: false, error: 'missing_scope', needed: 'channels:read', provided: this.options.scopes.join(',') };
        return { ok: true, channel: { id: channel, name: channel.toLowerCase(), is_channel: true, is_member: this.isMember(channel) } };
      }
      case 'chat.unfurl': {
        // https://docs.slack.dev/reference/methods/chat.unfurl: channel + ts, or unfurl_id + source; `unfurls` a JSON map
        // of URL → attachment or { blocks }. An image block's slack_file must be a file this app completed uploading.
        const byMessage = typeof args.channel === 'string' && typeof args.ts === 'string';
        const byComposer = typeof args.unfurl_id === 'string' && typeof args.source === 'string';
        if (!byMessage && !byComposer) return { ok: false, error: 'invalid_arguments' };
        if (!args.unfurls || typeof args.unfurls !== 'object') return { ok: false, error: 'missing_unfurls' };
        const unfurls = args.unfurls as Record<string, { blocks?: Array<Record<string, unknown>> }>;
        for (const unfurl of Object.values(unfurls)) {
          for (const block of unfurl.blocks ?? []) {
            const file = (block.slack_file as { id?: string } | undefined)?.id;
            if (block.type === 'image' && (!file || !this.uploads.get(file)?.completed)) return { ok: false, error: 'invalid_blocks' };
          }
        }
        this.unfurls.push({ ...(byMessage ? { channel: String(args.channel), ts: String(args.ts) } : { unfurlId: String(args.unfurl_id), source: String(args.source) }), unfurls });
        return { ok: true };
      }
      case 'usergroups.users.list': {
        const members = this.options.groups[String(args.usergroup)];
        return members ? { ok: true, users: members } : { ok: false, error: 'no_such_subteam' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private appendChunks(message: StoredMessage, args: Record<string, unknown>): void {
    const chunks = Array.isArray(args.chunks) ? (args.chunks as Array<Record<string, unknown>>) : [];
    if (typeof args.markdown_text === 'string') chunks.unshift({ type: 'markdown_text', text: args.markdown_text });
    for (const chunk of chunks) {
      message.stream!.chunks.push(chunk);
      if (chunk.type === 'markdown_text') message.text += String(chunk.text ?? '');
    }
  }

  /** Files completed into a thread, in upload order. */
  threadFiles(channel: string, threadTs: string): StoredUpload[] {
    return [...this.uploads.values()].filter((upload) => upload.completed?.channel === channel && upload.completed.threadTs === threadTs);
  }

  /**
   * The upload URL: Slack takes the file's bytes raw or as multipart/form-data and answers 200 with plain text
   * ("OK - <length>"); the file is only usable once files.completeUploadExternal names it.
   */
  private receiveUpload(url: string, bytes: Buffer, contentType: string, at: number, response: ServerResponse): void {
    const id = url.split('/').at(-1)!.split('?')[0]!;
    this.calls.push({ method: 'upload', args: { id, bytes: bytes.length, contentType }, at });
    const upload = this.uploads.get(id);
    if (this.uploadStatus !== undefined) return send(response, this.uploadStatus, 'upload failed', 'text/plain');
    if (!upload) return send(response, 404, 'not found', 'text/plain');
    upload.bytes = contentType.startsWith('multipart/form-data') ? multipartFile(bytes, contentType) : bytes;
    send(response, 200, `OK - ${upload.bytes.length}`, 'text/plain');
  }

  private nextTs(): string {
    this.sequence += 1;
    return `${1_780_000_000 + this.sequence}.${String(this.sequence).padStart(6, '0')}`;
  }
}

/** Sends requests to a Bolt app exactly as Slack does: signed with the v0 HMAC-SHA256 scheme. */
export class SlackRequestSender {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(
    readonly url: string,
    private readonly signingSecret: string,
    private readonly identity: SlackIdentity = {},
  ) {}

  /** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` (https://docs.slack.dev/authentication/verifying-requests-from-slack). */
  sign(rawBody: string, timestamp: number, secret = this.signingSecret): string {
    return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
  }

  /** Posts a raw body; `signature`/`timestamp` override the correct ones (for the forged and stale cases). */
  async post(rawBody: string, contentType: string, options: { headers?: Record<string, string>; timestamp?: number; signature?: string } = {}): Promise<{ status: number; body: string; elapsedMs: number }> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers = { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': options.signature ?? this.sign(rawBody, timestamp), ...options.headers };
    const started = performance.now();
    // node:http with keep-alive rather than fetch: Slack reuses connections, and a light client keeps a benchmark honest.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(this.url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(rawBody) }, agent: this.agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(rawBody);
    });
    return { status, body, elapsedMs: performance.now() - started };
  }

  /** Closes kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  /** An Events API envelope around `event`; the same `eventId` with `retryNum` models Slack's redelivery. */
  eventBody(event: Record<string, unknown>, eventId = newEventId()): { eventId: string; rawBody: string } {
    return { eventId, rawBody: JSON.stringify(eventCallback(event, eventId, this.identity)) };
  }

  async event(event: Record<string, unknown>, options: { eventId?: string; retryNum?: number } = {}) {
    const { eventId, rawBody } = this.eventBody(event, options.eventId);
    const headers: Record<string, string> = options.retryNum ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {};
    return { eventId, ...(await this.post(rawBody, 'application/json', { headers })) };
  }

  /** A slash command, form-encoded as Slack sends it. */
  async command(fields: CommandFields) {
    return this.post(new URLSearchParams(commandPayload(fields, this.identity)).toString(), 'application/x-www-form-urlencoded');
  }

  /** A click on a button in a message (block_actions), as `payload=<json>`. */
  async blockAction(fields: BlockActionFields) {
    return this.post(new URLSearchParams({ payload: JSON.stringify(blockActionPayload(fields, this.identity)) }).toString(), 'application/x-www-form-urlencoded');
  }
}

/** The first part's body of a multipart/form-data payload (RFC 7578): the file the client sent. */
function multipartFile(body: Buffer, contentType: string): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return Buffer.alloc(0);
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const start = body.indexOf(delimiter);
  const headersEnd = body.indexOf('\r\n\r\n', start);
  const end = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headersEnd);
  return start < 0 || headersEnd < 0 || end < 0 ? Buffer.alloc(0) : body.subarray(headersEnd + 4, end);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

// The Web API client sends form fields, with arrays and objects (blocks) as JSON text; some callers send JSON.
function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function send(response: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, 'content-type': contentType });
  response.end(body);
}
