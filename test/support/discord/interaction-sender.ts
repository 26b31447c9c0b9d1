import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { InboundRequest } from '../../../src/bot/conversation/port.js';
import type { FakeDiscordApi } from './fake-discord-api.js';

/** What Discord answered back from the application: the HTTP status and the JSON callback. */
export interface InteractionAnswer {
  status: number;
  body: { type?: number; message?: string } | undefined;
}

/**
 * Discord's side of the interactions endpoint: interaction payloads as Discord sends them
 * (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object), signed
 * with an Ed25519 key pair made for the test, over `timestamp + body`.
 */
export class InteractionSender {
  readonly publicKeyHex: string;
  private readonly privateKey: KeyObject;
  private sequence = 0;

  constructor(
    private readonly peer: FakeDiscordApi,
    private readonly applicationId: string,
    /** The application's endpoint, `http://127.0.0.1:PORT/discord/interactions`; set once it listens. */
    public endpoint = '',
  ) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.privateKey = privateKey;
    this.publicKeyHex = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
  }

  /** Headers and body of a request as Discord signs it; `forge` signs with another key, `unsigned` leaves the headers out. */
  signed(payload: unknown, options: { forge?: boolean; unsigned?: boolean; timestamp?: number } = {}): InboundRequest {
    const rawBody = Buffer.from(JSON.stringify(payload));
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const key = options.forge ? generateKeyPairSync('ed25519').privateKey : this.privateKey;
    const signature = sign(null, Buffer.concat([Buffer.from(timestamp), rawBody]), key).toString('hex');
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)' };
    if (!options.unsigned) Object.assign(headers, { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp });
    return { method: 'POST', path: '/discord/interactions', headers, rawBody };
  }

  /** Posts an interaction to the application and tells the peer how it was answered. */
  async send(payload: Interaction, options: { forge?: boolean; unsigned?: boolean; timestamp?: number } = {}): Promise<InteractionAnswer> {
    const request = this.signed(payload, options);
    if (payload.token) this.peer.interactionSent(payload.token, payload.channel_id ?? '', payload.member?.user.id ?? payload.user?.id ?? '');
    const response = await fetch(this.endpoint, { method: 'POST', headers: request.headers as Record<string, string>, body: request.rawBody });
    const text = await response.text();
    const body = text ? (JSON.parse(text) as InteractionAnswer['body']) : undefined;
    if (payload.token && response.ok && body?.type) this.peer.interactionAnswered(payload.token, body.type);
    return { status: response.status, body };
  }

  ping(): Interaction {
    return { id: this.nextId(), application_id: this.applicationId, type: 1, token: this.token(), version: 1 };
  }

  /** A slash command typed in a DM with the bot: `user` instead of `member`, no guild. */
  directCommand(input: { user: string; channel: string; text: string }): Interaction {
    return {
      id: this.nextId(),
      application_id: this.applicationId,
      type: 2,
      token: this.token(),
      version: 1,
      channel_id: input.channel,
      channel: { id: input.channel, type: 1 },
      user: { id: input.user, username: `user${input.user.slice(-4)}` },
      data: { id: this.nextId(), name: 'opsbot', type: 1, options: [{ name: 'text', type: 3, value: input.text }] },
    };
  }

  /** A slash command typed in a guild channel (or a thread of it: `thread`). */
  command(input: { user: string; channel: string; name?: string; text?: string; thread?: string }): Interaction {
    const channel = input.thread ? { id: input.thread, type: 11, parent_id: input.channel, guild_id: this.peer.guildId } : { id: input.channel, type: 0, guild_id: this.peer.guildId };
    return {
      id: this.nextId(),
      application_id: this.applicationId,
      type: 2,
      token: this.token(),
      version: 1,
      guild_id: this.peer.guildId,
      channel_id: channel.id,
      channel,
      member: { user: { id: input.user, username: `user${input.user.slice(-4)}` }, roles: [], permissions: '1024' },
      data: { id: this.nextId(), name: input.name ?? 'opsbot', type: 1, ...(input.text !== undefined ? { options: [{ name: 'text', type: 3, value: input.text }] } : {}) },
    };
  }

  /** A click on a button of a message in a guild channel or thread. */
  click(input: { user: string; channel: string; messageId: string; customId: string; thread?: string }): Interaction {
    const where = input.thread ?? input.channel;
    const channel = input.thread ? { id: input.thread, type: 11, parent_id: input.channel, guild_id: this.peer.guildId } : { id: input.channel, type: 0, guild_id: this.peer.guildId };
    return {
      id: this.nextId(),
      application_id: this.applicationId,
      type: 3,
      token: this.token(),
      version: 1,
      guild_id: this.peer.guildId,
      channel_id: where,
      channel,
      member: { user: { id: input.user, username: `user${input.user.slice(-4)}` }, roles: [], permissions: '1024' },
      message: { id: input.messageId, channel_id: where },
      data: { custom_id: input.customId, component_type: 2 },
    };
  }

  private nextId(): string {
    return this.peer.newId();
  }

  private token(): string {
    this.sequence += 1;
    return `aW50ZXJhY3Rpb246${this.sequence}:${this.peer.newId()}`;
  }
}

/** An interaction as Discord sends it (the fields these tests use). */
export interface Interaction {
  id: string;
  application_id: string;
  type: number;
  token: string;
  version: number;
  guild_id?: string;
  channel_id?: string;
  channel?: Record<string, unknown>;
  member?: { user: { id: string; username: string }; roles: string[]; permissions: string };
  user?: { id: string; username: string };
  data?: Record<string, unknown>;
  message?: Record<string, unknown>;
}
