import { createHmac, timingSafeEqual } from 'node:crypto';
import { cardPlainText, isCard, plainText, type ChatContent } from '../../../src/bot/conversation/card.js';
import type { ChatFile, ChatPlace, ConversationHandlers, ConversationPort, InboundRequest, PostedRef } from '../../../src/bot/conversation/port.js';
import type { Platform } from '../../../src/bot/conversation/platforms.js';
import { SendFailure } from '../../../src/bot/outbox/card-sender.js';

/** A message the in-memory platform holds, edits applied. */
export interface MemoryMessage {
  channel: string;
  id: string;
  thread?: string;
  content: ChatContent;
  /** Told privately: only this platform user sees it. */
  visibleTo?: string;
  /** How many times it was edited. */
  edits: number;
}

/**
 * A chat platform held in memory, implementing the conversation port for real (it runs the contract suite): it
 * keeps what is posted, edited, told and uploaded, refuses channels the bot is not in, answers a rate limit when
 * asked, signs inbound requests with a shared secret, and delivers messages and clicks to the handlers as a
 * platform would. Tests drive front ends with it and read what people would see.
 */
export class MemoryPort implements ConversationPort {
  readonly messages: MemoryMessage[] = [];
  readonly files: Array<{ channel: string; thread?: string; file: ChatFile }> = [];
  readonly channels: Array<{ id: string; name: string; members: string[]; topic?: string }> = [];
  private handlers?: ConversationHandlers;
  private sequence = 0;
  private rateLimitSeconds?: number;

  constructor(
    readonly platform: Platform,
    private readonly options: { secret?: string; refused?: string[] } = {},
  ) {}

  async post(place: ChatPlace, content: ChatContent): Promise<PostedRef> {
    this.check(place.channel);
    const id = this.nextId();
    this.messages.push({ channel: place.channel, id, ...(place.thread ? { thread: place.thread } : {}), content, edits: 0 });
    return { channel: place.channel, id, ...(place.thread ? { thread: place.thread } : {}) };
  }

  async update(message: PostedRef, content: ChatContent): Promise<void> {
    this.check(message.channel);
    const held = this.messages.find((entry) => entry.channel === message.channel && entry.id === message.id && !entry.visibleTo);
    if (!held) throw new SendFailure('permanent', 'message_not_found');
    held.content = content;
    held.edits += 1;
  }

  async tellPrivately(place: ChatPlace, person: string, content: ChatContent): Promise<void> {
    this.check(place.channel);
    this.messages.push({ channel: place.channel, id: this.nextId(), ...(place.thread ? { thread: place.thread } : {}), content, visibleTo: person, edits: 0 });
  }

  async upload(place: ChatPlace, file: ChatFile): Promise<void> {
    this.check(place.channel);
    this.files.push({ channel: place.channel, ...(place.thread ? { thread: place.thread } : {}), file });
  }

  async openChannel(name: string, options: { topic?: string; invite: string[] }): Promise<{ channel: string }> {
    const id = `${this.platform}-room-${this.channels.length + 1}`;
    this.channels.push({ id, name, members: [...options.invite], ...(options.topic ? { topic: options.topic } : {}) });
    return { channel: id };
  }

  async join(channel: string): Promise<boolean> {
    return !this.options.refused?.includes(channel);
  }

  async verify(request: InboundRequest): Promise<boolean> {
    const given = request.headers['x-memory-signature'];
    if (!this.options.secret || !given) return false;
    const expected = Buffer.from(this.sign(request.rawBody));
    return given.length === expected.length && timingSafeEqual(Buffer.from(given), expected);
  }

  /** The signature the platform puts on a request body. */
  sign(body: Buffer, secret = this.options.secret ?? ''): string {
    return createHmac('sha256', secret).update(body).digest('hex');
  }

  async start(handlers: ConversationHandlers): Promise<{ port?: number }> {
    this.handlers = handlers;
    return {};
  }

  async stop(): Promise<void> {
    this.handlers = undefined;
  }

  /** The next send fails as the platform's rate limit, asking for this wait. */
  rateLimitNext(seconds: number): void {
    this.rateLimitSeconds = seconds;
  }

  /** A person writes to opsbot: delivered to the handlers, as the adapter would after verifying it. */
  async say(input: { author: string; text: string; channel: string; thread?: string; direct?: boolean; command?: boolean }): Promise<string> {
    if (!this.handlers) throw new Error(`${this.platform} is not started`);
    const id = this.nextId();
    this.messages.push({ channel: input.channel, id, ...(input.thread ? { thread: input.thread } : {}), content: { text: [input.text] }, edits: 0 });
    await this.handlers.message({ platform: this.platform, channel: input.channel, thread: input.thread ?? id, messageId: id, author: input.author, text: input.text, direct: Boolean(input.direct), ...(input.command ? { command: true } : {}) });
    return id;
  }

  /** A person clicks a button of a held message. */
  async click(message: MemoryMessage, actionId: string, clicker: string): Promise<void> {
    if (!this.handlers) throw new Error(`${this.platform} is not started`);
    const button = isCard(message.content) ? message.content.buttons?.find((entry) => entry.actionId === actionId) : undefined;
    if (!button) throw new Error(`no ${actionId} button on ${message.id}`);
    await this.handlers.click({ platform: this.platform, actionId, value: button.value, clicker, message: { channel: message.channel, id: message.id, ...(message.thread ? { thread: message.thread } : {}) } });
  }

  /** Messages of a thread (the root excluded), in order. */
  thread(channel: string, thread: string): MemoryMessage[] {
    return this.messages.filter((message) => message.channel === channel && message.thread === thread);
  }

  /** Cards with buttons or sections, wherever they are. */
  cards(): MemoryMessage[] {
    return this.messages.filter((message) => isCard(message.content));
  }

  private check(channel: string): void {
    if (this.rateLimitSeconds !== undefined) {
      const seconds = this.rateLimitSeconds;
      this.rateLimitSeconds = undefined;
      throw new SendFailure('rate_limited', 'rate limited', seconds * 1000);
    }
    if (this.options.refused?.includes(channel)) throw new SendFailure('needs_person', 'not_in_channel');
  }

  private nextId(): string {
    this.sequence += 1;
    return `${this.platform}-${String(this.sequence).padStart(4, '0')}`;
  }
}

/** What a held message shows, as plain text. */
export function shownText(message: MemoryMessage): string {
  return isCard(message.content) ? cardPlainText(message.content) : plainText(message.content.text);
}
