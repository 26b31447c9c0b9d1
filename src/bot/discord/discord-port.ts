import type { Server } from 'node:http';
import type { KeyObject } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import { isCard, plainText, type ChatContent } from '../conversation/card.js';
import type { ChatFile, ChatPlace, ConversationHandlers, ConversationPort, InboundRequest, PostedRef } from '../conversation/port.js';
import { SendFailure } from '../outbox/card-sender.js';
import { renderDiscordContent, type DiscordMessageBody } from './discord-card.js';
import { discordCodeOf } from './discord-errors.js';
import type { PersonLookup } from './discord-markdown.js';
import { DiscordRest, type DiscordRestOptions } from './discord-rest.js';
import { discordPublicKey, verifyDiscordRequest } from './discord-signature.js';
import { openGuildChannel } from './guild-channels.js';
import { startInteractionServer } from './interaction-server.js';
import { InteractionTokens } from './interaction-tokens.js';

/** Ephemeral: only the user who acted sees the message (https://discord.com/developers/docs/resources/message#message-object-message-flags). */
const EPHEMERAL = 64;
/** Discord codes met when starting a thread: the message already has one, or the id is a thread rather than a message. */
const THREAD_EXISTS = 160004;
const UNKNOWN_MESSAGE = 10008;
const UNKNOWN_CHANNEL = 10003;
/** Conversations whose answers are remembered for their thread; the oldest are forgotten first. */
const MAX_ANSWERS = 5000;

/** What the Discord adapter needs: the application, its secrets (already read from the environment), and where to listen. */
export interface DiscordPortOptions extends Omit<DiscordRestOptions, 'botToken'> {
  applicationId: string;
  /** The application's public key (hex). */
  publicKey: string;
  botToken: string;
  port: number;
  host: string;
  /** People and their Discord ids, so a `{person}` span mentions the right user. */
  people?: Config['people'];
  onError?: (error: unknown) => void;
}

interface DiscordMessage {
  id: string;
  channel_id: string;
}

/**
 * The Discord adapter of the conversation port: interactions in over HTTP (slash commands and buttons, signed
 * with Ed25519), REST API v10 out. Discord delivers ordinary messages only over the gateway, so people talk to
 * opsbot through `/opsbot` and its command per tool group, in channels, threads and DMs.
 */
export class DiscordPort implements ConversationPort {
  readonly platform = 'discord' as const;
  private readonly rest: DiscordRest;
  private readonly key: KeyObject;
  private readonly tokens = new InteractionTokens();
  private readonly threads = new Set<string>();
  private readonly directChannels = new Map<string, string>();
  /** A command's conversation id (the interaction id) → the answer its thread starts from. */
  private readonly answers = new Map<string, string>();
  private readonly people: PersonLookup;
  private server?: Server;
  /** The server the latest interaction came from: incident channels open there. */
  private guild?: string;

  constructor(private readonly options: DiscordPortOptions) {
    this.rest = new DiscordRest(options);
    this.key = discordPublicKey(options.publicKey);
    const people = options.people ?? {};
    this.people = (person) => ({ discordId: people[person]?.ids?.discord, name: people[person]?.name ?? person });
  }

  async post(place: ChatPlace, content: ChatContent): Promise<PostedRef> {
    const body = renderDiscordContent(content, this.people);
    const deferred = place.thread ? this.tokens.takeDeferred(place.thread) : undefined;
    if (deferred) {
      // The command's "thinking…" response becomes the answer, where the person asked.
      const message = await this.completeDeferred(deferred, body);
      if (message) {
        const inThread = message.channel_id !== place.channel;
        // Asked in a channel: the conversation's later replies go into a thread started from this answer.
        if (!inThread) remember(this.answers, place.thread!, message.id);
        return { channel: place.channel, id: message.id, ...(inThread ? { thread: message.channel_id } : {}) };
      }
    }
    const thread = this.threadOf(place);
    const message = await this.send(place.channel, thread, { json: body }, content);
    return { channel: place.channel, id: message.id, ...(message.channel_id !== place.channel ? { thread: message.channel_id } : {}) };
  }

  async update(message: PostedRef, content: ChatContent): Promise<void> {
    // Every part is sent, so a card that becomes text loses its embed and buttons, and the reverse.
    await this.rest.call({ method: 'PATCH', path: `/channels/${message.thread ?? message.channel}/messages/${message.id}`, json: renderDiscordContent(content, this.people) });
  }

  /**
   * Pin Message (https://discord.com/developers/docs/resources/message#pin-message): the route under `/messages/pins`
   * that replaced the deprecated `/channels/{id}/pins/{id}`; needs the PIN_MESSAGES permission, answers 204.
   */
  async pin(message: PostedRef): Promise<void> {
    await this.rest.call({ method: 'PUT', path: `/channels/${message.thread ?? message.channel}/messages/pins/${message.id}` });
  }

  async tellPrivately(_place: ChatPlace, person: string, content: ChatContent): Promise<void> {
    const body = renderDiscordContent(content, this.people);
    const token = this.tokens.freshFor(person);
    if (token) {
      try {
        // A deferred "thinking…" response would swallow the first follow-up (and its ephemeral flag), so it goes first.
        if (this.tokens.takeDeferredToken(token)) await this.rest.call({ method: 'DELETE', path: `/webhooks/${this.options.applicationId}/${token}/messages/@original`, webhook: true });
        await this.rest.call({ method: 'POST', path: `/webhooks/${this.options.applicationId}/${token}`, json: { ...body, flags: EPHEMERAL }, webhook: true });
        return;
      } catch (error) {
        if (error instanceof SendFailure && error.kind === 'rate_limited') throw error;
        // An expired or revoked token: a DM still reaches them.
      }
    }
    await this.rest.call({ method: 'POST', path: `/channels/${await this.directChannel(person)}/messages`, json: body });
  }

  async upload(place: ChatPlace, file: ChatFile): Promise<void> {
    const form = new FormData();
    form.set('payload_json', JSON.stringify({ attachments: [{ id: 0, filename: file.filename, description: file.title.slice(0, 1024) }], allowed_mentions: { parse: [] } }));
    form.set('files[0]', new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
    await this.send(place.channel, this.threadOf(place), { form }, { text: [file.title] });
  }

  async openChannel(name: string, options: { topic?: string; invite: string[] }): Promise<{ channel: string; url?: string }> {
    this.guild ??= await this.firstGuild();
    const channel = await openGuildChannel(this.rest, this.guild, name, options);
    return { channel, url: `https://discord.com/channels/${this.guild}/${channel}` };
  }

  /** A bot sees every channel its roles allow; there is nothing to join. */
  async join(): Promise<boolean> {
    return true;
  }

  async verify(request: InboundRequest): Promise<boolean> {
    return verifyDiscordRequest(this.key, request);
  }

  async start(handlers: ConversationHandlers): Promise<{ port?: number; address?: string }> {
    const onError = this.options.onError ?? (() => undefined);
    const started = await startInteractionServer(
      { verify: (request) => verifyDiscordRequest(this.key, request), tokens: this.tokens, handlers, onError, onGuild: (guild) => (this.guild = guild), onCommandFailed: (token) => this.failDeferred(token) },
      { port: this.options.port, host: this.options.host },
    );
    this.server = started.server;
    return { port: started.port, address: started.address };
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Completes a deferred command response; undefined when the token no longer works (then the caller posts). */
  private async completeDeferred(token: string, body: DiscordMessageBody): Promise<DiscordMessage | undefined> {
    try {
      return await this.rest.call<DiscordMessage>({ method: 'PATCH', path: `/webhooks/${this.options.applicationId}/${token}/messages/@original`, json: body, webhook: true });
    } catch (error) {
      if (error instanceof SendFailure && (error.kind === 'rate_limited' || error.kind === 'transient')) throw error;
      return undefined;
    }
  }

  /** Ends a command's "thinking…" with a short notice when its handler failed (the error itself goes to the log). */
  private async failDeferred(token: string): Promise<void> {
    if (!this.tokens.takeDeferredToken(token)) return;
    const notice = renderDiscordContent({ text: [{ icon: 'error' }, " Something went wrong on opsbot's side; the error is logged. Try again in a moment."] }, this.people);
    await this.rest.call({ method: 'PATCH', path: `/webhooks/${this.options.applicationId}/${token}/messages/@original`, json: notice, webhook: true });
  }

  /** The thread channel a place's replies go to: a command's conversation id stands for the thread off its answer. */
  private threadOf(place: ChatPlace): string | undefined {
    if (!place.thread || place.thread === place.channel) return undefined;
    return this.answers.get(place.thread) ?? place.thread;
  }

  /**
   * Posts into a channel, or into a thread (started from its message the first time). A thread that is gone (or a
   * conversation id from before a restart, which names no message) falls back to the channel: the answer lands.
   */
  private async send(channel: string, thread: string | undefined, body: { json?: unknown; form?: FormData }, content: ChatContent): Promise<DiscordMessage> {
    if (thread) {
      try {
        await this.ensureThread(channel, thread, content);
        return await this.rest.call<DiscordMessage>({ method: 'POST', path: `/channels/${thread}/messages`, ...body });
      } catch (error) {
        if (discordCodeOf(error) !== UNKNOWN_CHANNEL) throw error;
        this.threads.delete(thread);
      }
    }
    return this.rest.call<DiscordMessage>({ method: 'POST', path: `/channels/${channel}/messages`, ...body });
  }

  /** Discord threads are channels started from a message (with the message's id); a reply starts one the first time. */
  private async ensureThread(channel: string, thread: string, content: ChatContent): Promise<void> {
    if (this.threads.has(thread)) return;
    try {
      await this.rest.call({ method: 'POST', path: `/channels/${channel}/messages/${thread}/threads`, json: { name: threadName(content), auto_archive_duration: 1440 } });
    } catch (error) {
      const code = discordCodeOf(error);
      if (code !== THREAD_EXISTS && code !== UNKNOWN_MESSAGE) throw error;
    }
    this.threads.add(thread);
  }

  private async directChannel(user: string): Promise<string> {
    const known = this.directChannels.get(user);
    if (known) return known;
    const channel = await this.rest.call<{ id: string }>({ method: 'POST', path: '/users/@me/channels', json: { recipient_id: user } });
    this.directChannels.set(user, channel.id);
    return channel.id;
  }

  private async firstGuild(): Promise<string> {
    const guilds = await this.rest.call<Array<{ id: string }>>({ method: 'GET', path: '/users/@me/guilds?limit=1' });
    if (!guilds[0]) throw new SendFailure('needs_person', 'the bot is in no Discord server: add it to one with the OAuth2 URL');
    return guilds[0].id;
  }
}

/** A thread's name (1–100 characters, required by Discord): the first line of what starts it. */
function threadName(content: ChatContent): string {
  const text = isCard(content) ? content.fallback : (content.fallback ?? plainText(content.text));
  const line = text.split('\n').find((part) => part.trim())?.trim() ?? '';
  return (line || 'opsbot').slice(0, 100);
}

function remember(map: Map<string, string>, key: string, value: string): void {
  map.set(key, value);
  if (map.size > MAX_ANSWERS) map.delete(map.keys().next().value!);
}
