import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MattermostEventHub } from './mattermost-event-hub.js';

/**
 * A loopback Mattermost server speaking REST API v4 as documented (https://developers.mattermost.com/api-documentation/):
 * bearer-token auth, 26-character ids, the error envelope `{ id, message, detailed_error, request_id, status_code }`,
 * 429s with `X-Ratelimit-*` and `Retry-After` as its rate limiter sends them, posts with `root_id` threads and
 * attachment props, PATCH semantics that replace `props` whole, ephemeral posts, multipart file uploads, channels
 * and members, and the WebSocket API's `posted` events (mattermost-event-hub.ts). What Mattermost sends to
 * integrations (slash commands, button clicks) is in mattermost-integration-calls.ts.
 */

/** A post as the server keeps it, edits applied. */
export interface StoredPost {
  id: string;
  channel_id: string;
  user_id: string;
  root_id: string;
  message: string;
  props: Record<string, unknown>;
  file_ids: string[];
  /** Pinned through POST /posts/{post_id}/pin. */
  is_pinned?: boolean;
  /** For ephemeral posts: the only user who sees it. */
  visibleTo?: string;
}

/** A channel as the server keeps it, with its members. */
export interface StoredChannel {
  id: string;
  team_id: string;
  name: string;
  display_name: string;
  type: 'O' | 'P' | 'D';
  header: string;
  purpose: string;
  members: Set<string>;
  /** Made through POST /channels (not set up by the test). */
  created: boolean;
}

/** An uploaded file. */
export interface StoredFile {
  id: string;
  channel_id: string;
  name: string;
  mime_type: string;
  bytes: Buffer;
}

/** One API call as the server received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

/** How the server is set up. */
export interface FakeMattermostOptions {
  token?: string;
  /** Whether the bot may create ephemeral posts (Mattermost gives `create_post_ephemeral` to system admins only by default). */
  ephemeralAllowed?: boolean;
}

/** A Mattermost-style id: 26 lower-case base32 characters. */
export function mattermostId(): string {
  const alphabet = 'abcdefghijkmnopqrstuwxyz13456789';
  return [...randomBytes(26)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export class FakeMattermostServer {
  readonly token: string;
  readonly bot = { id: mattermostId(), username: 'opsbot' };
  readonly team = { id: mattermostId(), name: 'ops', display_name: 'Ops' };
  readonly users = new Map<string, { id: string; username: string }>();
  readonly channels = new Map<string, StoredChannel>();
  readonly posts = new Map<string, StoredPost>();
  readonly files = new Map<string, StoredFile>();
  readonly requests: RecordedRequest[] = [];
  readonly events = new MattermostEventHub((token) => (token === this.token ? this.bot.id : undefined));
  ephemeralAllowed: boolean;
  /** Channels where the bot may not pin posts (its role lacks the permission there). */
  readonly pinsRefused = new Set<string>();
  private readonly rateLimits: Array<{ seconds: number; headers: 'both' | 'reset-only' }> = [];
  private server?: Server;

  constructor(options: FakeMattermostOptions = {}) {
    this.token = options.token ?? 'mm-bot-token-0123456789';
    this.ephemeralAllowed = options.ephemeralAllowed ?? true;
    this.users.set(this.bot.id, this.bot);
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('fake Mattermost not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => this.error(response, 500, 'app.fake.internal', String(error)));
    });
    this.events.attach(this.server);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    this.events.closeAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  addUser(username: string): string {
    const id = mattermostId();
    this.users.set(id, { id, username });
    return id;
  }

  /** A channel of the team; the bot is a member unless `botMember` is false. */
  addChannel(name: string, options: { type?: 'O' | 'P' | 'D'; botMember?: boolean; members?: string[] } = {}): string {
    const id = mattermostId();
    const members = new Set(options.members ?? []);
    if (options.botMember !== false) members.add(this.bot.id);
    this.channels.set(id, { id, team_id: this.team.id, name, display_name: name, type: options.type ?? 'O', header: '', purpose: '', members, created: false });
    return id;
  }

  /** The next API call is answered with a 429, asking for this wait (`reset-only`: no Retry-After, only X-Ratelimit-Reset). */
  rateLimitNext(seconds: number, headers: 'both' | 'reset-only' = 'both'): void {
    this.rateLimits.push({ seconds, headers });
  }

  /** Every text of a post as Mattermost shows it: the message, then each attachment's text, fields and footer. */
  shownText(post: StoredPost): string {
    const parts = [post.message];
    for (const attachment of attachmentsOf(post)) {
      for (const key of ['pretext', 'title', 'text'] as const) if (typeof attachment[key] === 'string') parts.push(attachment[key]);
      for (const field of (attachment.fields as Array<{ title: string; value: string }> | undefined) ?? []) parts.push(field.title, field.value);
      if (typeof attachment.footer === 'string') parts.push(attachment.footer);
    }
    return parts.filter(Boolean).join('\n');
  }

  /** The buttons of a post, with what Mattermost would send back for each. */
  buttons(post: StoredPost): Array<{ id: string; name: string; url: string; context: Record<string, unknown> }> {
    return attachmentsOf(post).flatMap((attachment) =>
      ((attachment.actions as Array<{ id: string; name: string; integration: { url: string; context: Record<string, unknown> } }> | undefined) ?? []).map((action) => ({ id: action.id, name: action.name, url: action.integration.url, context: action.integration.context })),
    );
  }

  /** A person writes in a channel (through the web app): the post is stored and pushed to WebSocket clients with its mentions. */
  postAs(user: string, channel: string, message: string, rootId = ''): StoredPost {
    return this.store({ channel_id: channel, root_id: rootId, message, props: {}, file_ids: [] }, user);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/api\/v4/, '');
    const raw = await readAll(request);
    const contentType = request.headers['content-type'] ?? '';
    const body = contentType.startsWith('application/json') && raw.length ? (JSON.parse(raw.toString('utf8')) as unknown) : undefined;
    this.requests.push({ method: request.method ?? '', path, body });
    if (!url.pathname.startsWith('/api/v4/')) return this.error(response, 404, 'api.context.404.app_error', 'Sorry, we could not find the page.');
    if (request.headers.authorization !== `Bearer ${this.token}`) return this.error(response, 401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
    const limit = this.rateLimits.shift();
    if (limit) {
      // Mattermost's limiter answers in plain text, not the envelope.
      const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(limit.seconds) };
      if (limit.headers === 'both') headers['retry-after'] = String(limit.seconds);
      response.writeHead(429, headers);
      return void response.end('limit exceeded\n');
    }
    const route = `${request.method} ${path}`;
    const json = (body ?? {}) as Record<string, unknown>;
    let match: RegExpExecArray | null;
    if (route === 'GET /users/me') return this.send(response, 200, this.bot);
    if (route === 'GET /users/me/teams') return this.send(response, 200, [this.team]);
    if ((match = /^GET \/users\/([a-z0-9]{26})$/.exec(route))) {
      const user = this.users.get(match[1]!);
      return user ? this.send(response, 200, user) : this.error(response, 404, 'app.user.missing_account.const', 'Unable to find the user.');
    }
    if (route === 'POST /posts') return this.createPost(response, json);
    if (route === 'POST /posts/ephemeral') {
      if (!this.ephemeralAllowed) return this.error(response, 403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.');
      const post = (json.post ?? {}) as Record<string, unknown>;
      if (!this.channels.has(String(post.channel_id))) return this.error(response, 404, 'app.channel.get.existing.app_error', 'Unable to find the existing channel.');
      return this.send(response, 201, this.store({ ...postFields(post), visibleTo: String(json.user_id) }));
    }
    if ((match = /^GET \/posts\/([a-z0-9]{26})$/.exec(route))) {
      const post = this.posts.get(match[1]!);
      const channel = post && this.channels.get(post.channel_id);
      if (!post || post.visibleTo || !channel) return this.error(response, 404, 'app.post.get.app_error', 'Unable to get the post.');
      if (!channel.members.has(this.bot.id) && channel.type !== 'O') return this.error(response, 403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.');
      return this.send(response, 200, post);
    }
    if ((match = /^PUT \/posts\/([a-z0-9]{26})\/patch$/.exec(route))) {
      const post = this.posts.get(match[1]!);
      if (!post || post.visibleTo) return this.error(response, 404, 'app.post.get.app_error', 'Unable to get the post.');
      if (post.user_id !== this.bot.id) return this.error(response, 403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.');
      if (typeof json.message === 'string') post.message = json.message;
      if (json.props && typeof json.props === 'object') post.props = json.props as Record<string, unknown>;
      return this.send(response, 200, post);
    }
    if ((match = /^POST \/posts\/([a-z0-9]{26})\/pin$/.exec(route))) {
      // Pin a post to the channel: 200 `{ status: 'OK' }`; needs read access to the channel, and here pin rights there.
      const post = this.posts.get(match[1]!);
      if (!post || post.visibleTo) return this.error(response, 404, 'app.post.get.app_error', 'Unable to get the post.');
      if (this.pinsRefused.has(post.channel_id)) return this.error(response, 403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.');
      post.is_pinned = true;
      return this.send(response, 200, { status: 'OK' });
    }
    if (route === 'POST /files') return this.upload(response, raw, contentType);
    if (route === 'POST /channels') return this.createChannel(response, json);
    if (route === 'POST /channels/direct') {
      const ids = (Array.isArray(body) ? body : []).map(String).sort();
      const name = ids.join('__');
      const existing = [...this.channels.values()].find((channel) => channel.name === name);
      if (existing) return this.send(response, 201, channelJson(existing));
      const id = mattermostId();
      const channel: StoredChannel = { id, team_id: '', name, display_name: '', type: 'D', header: '', purpose: '', members: new Set(ids), created: false };
      this.channels.set(id, channel);
      return this.send(response, 201, channelJson(channel));
    }
    if ((match = /^POST \/channels\/([a-z0-9]{26})\/members$/.exec(route))) {
      const channel = this.channels.get(match[1]!);
      if (!channel) return this.error(response, 404, 'app.channel.get.existing.app_error', 'Unable to find the existing channel.');
      const user = String(json.user_id ?? '');
      if (!this.users.has(user)) return this.error(response, 404, 'app.user.missing_account.const', 'Unable to find the user.');
      if (channel.type !== 'O' && !channel.members.has(this.bot.id)) return this.error(response, 403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.');
      channel.members.add(user);
      return this.send(response, 201, { channel_id: channel.id, user_id: user, roles: 'channel_user' });
    }
    return this.error(response, 404, 'api.context.404.app_error', 'Sorry, we could not find the page.');
  }

  private createPost(response: ServerResponse, json: Record<string, unknown>): void {
    const channel = this.channels.get(String(json.channel_id));
    if (!channel) return this.error(response, 404, 'app.channel.get.existing.app_error', 'Unable to find the existing channel.');
    if (!channel.members.has(this.bot.id)) return this.error(response, 403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.');
    const fields = postFields(json);
    if (fields.root_id) {
      const root = this.posts.get(fields.root_id);
      if (!root || root.channel_id !== channel.id || root.root_id) return this.error(response, 400, 'api.post.create_post.root_id.app_error', 'Invalid RootId parameter.');
    }
    for (const id of fields.file_ids) if (!this.files.has(id)) return this.error(response, 400, 'api.post.create_post.file_ids.app_error', 'Invalid FileIds parameter.');
    if (!fields.message && !fields.file_ids.length && !Array.isArray(fields.props.attachments)) return this.error(response, 400, 'api.post.create_post.message.app_error', 'Invalid Message parameter.');
    this.send(response, 201, this.store(fields));
  }

  private async upload(response: ServerResponse, raw: Buffer, contentType: string): Promise<void> {
    if (!contentType.startsWith('multipart/form-data')) return this.error(response, 400, 'api.file.upload_file.incorrect_content_type.app_error', 'Invalid Content-Type.');
    const form = await new Request('http://fake/files', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
    const channel = this.channels.get(String(form.get('channel_id')));
    if (!channel) return this.error(response, 404, 'app.channel.get.existing.app_error', 'Unable to find the existing channel.');
    if (!channel.members.has(this.bot.id)) return this.error(response, 403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.');
    const infos = [];
    for (const entry of form.getAll('files')) {
      if (typeof entry === 'string') continue;
      const file: StoredFile = { id: mattermostId(), channel_id: channel.id, name: entry.name, mime_type: entry.type, bytes: Buffer.from(await entry.arrayBuffer()) };
      this.files.set(file.id, file);
      infos.push({ id: file.id, name: file.name, size: file.bytes.length, mime_type: file.mime_type, user_id: this.bot.id, channel_id: channel.id });
    }
    if (!infos.length) return this.error(response, 400, 'api.file.upload_file.no_file.app_error', 'No file under files in request.');
    this.send(response, 201, { file_infos: infos, client_ids: [] });
  }

  private createChannel(response: ServerResponse, json: Record<string, unknown>): void {
    const name = String(json.name ?? '');
    if (json.team_id !== this.team.id) return this.error(response, 403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.');
    if (!/^[a-z0-9][a-z0-9_-]{0,62}[a-z0-9]$/.test(name)) return this.error(response, 400, 'model.channel.is_valid.name.app_error', 'Invalid channel name.');
    if (json.type !== 'O' && json.type !== 'P') return this.error(response, 400, 'model.channel.is_valid.type.app_error', 'Invalid type.');
    if ([...this.channels.values()].some((channel) => channel.team_id === this.team.id && channel.name === name)) return this.error(response, 400, 'store.sql_channel.save_channel.exists.app_error', 'A channel with that name already exists on the same team.');
    const channel: StoredChannel = { id: mattermostId(), team_id: this.team.id, name, display_name: String(json.display_name ?? name), type: json.type, header: String(json.header ?? ''), purpose: String(json.purpose ?? ''), members: new Set([this.bot.id]), created: true };
    this.channels.set(channel.id, channel);
    this.send(response, 201, channelJson(channel));
  }

  /** Stores a post and, unless it is ephemeral, pushes it to the channel's members as Mattermost does. */
  store(fields: Omit<StoredPost, 'id' | 'user_id'>, user = this.bot.id): StoredPost {
    const post: StoredPost = { id: mattermostId(), user_id: user, ...fields };
    this.posts.set(post.id, post);
    const channel = this.channels.get(post.channel_id);
    if (channel && !post.visibleTo) {
      const mentioned = [...post.message.matchAll(/@([a-z0-9._-]+)/gi)].map((match) => [...this.users.values()].find((known) => known.username === match[1]!.toLowerCase())?.id).filter((id): id is string => Boolean(id));
      this.events.posted({ id: post.id, channel_id: post.channel_id, user_id: post.user_id, root_id: post.root_id, message: post.message, type: '', props: post.props }, channel, mentioned);
    }
    return post;
  }

  private send(response: ServerResponse, status: number, body: unknown): void {
    const json = JSON.stringify(body, (key, value: unknown) => (key === 'visibleTo' ? undefined : value instanceof Set ? undefined : value));
    response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': mattermostId(), 'x-version-id': '10.5.0' });
    response.end(json);
  }

  private error(response: ServerResponse, status: number, id: string, message: string): void {
    const requestId = mattermostId();
    response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': requestId });
    response.end(JSON.stringify({ id, message, detailed_error: '', request_id: requestId, status_code: status }));
  }
}

function postFields(json: Record<string, unknown>): Omit<StoredPost, 'id' | 'user_id'> {
  return {
    channel_id: String(json.channel_id ?? ''),
    root_id: typeof json.root_id === 'string' ? json.root_id : '',
    message: typeof json.message === 'string' ? json.message : '',
    props: json.props && typeof json.props === 'object' ? (json.props as Record<string, unknown>) : {},
    file_ids: Array.isArray(json.file_ids) ? json.file_ids.map(String) : [],
  };
}

function attachmentsOf(post: StoredPost): Array<Record<string, unknown>> {
  return Array.isArray(post.props.attachments) ? (post.props.attachments as Array<Record<string, unknown>>) : [];
}

function channelJson(channel: StoredChannel): Record<string, unknown> {
  const { members: _members, created: _created, ...rest } = channel;
  return rest;
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
