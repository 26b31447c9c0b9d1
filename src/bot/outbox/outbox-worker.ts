import { randomUUID } from 'node:crypto';
import { fileOf } from '../../store/outbox-file.js';
import type { ChannelScope, OutboxRepository, OutboxRow } from '../../store/outbox-repository.js';
import { redactText } from '../../util/redact.js';
import type { ChatContent } from '../conversation/card.js';
import { platformName } from '../conversation/identities.js';
import { type ChannelRef, parseChannelRef, type Platform, PLATFORMS } from '../conversation/platforms.js';
import type { PostedRef } from '../conversation/port.js';
import { type ChatCardSender, JOINABLE, SendFailure } from './card-sender.js';

/** Run once a row of a purpose has been posted (remember where an alert card is, so clicks and edits find it). */
export type OutboxEffect = (row: OutboxRow, posted: PostedRef) => Promise<void>;

/** Where the worker writes what went wrong; lines are redacted before they are written. */
export interface OutboxLogger {
  info(...message: unknown[]): void;
  warn(...message: unknown[]): void;
  error(...message: unknown[]): void;
}

/** What the worker is built from. */
export interface OutboxWorkerOptions {
  outbox: OutboxRepository;
  /** One sender per platform this process can post to; rows for any other platform wait for a process that can. */
  senders: ChatCardSender[];
  effects?: Record<string, OutboxEffect>;
  /** Where a person is told that a channel is blocked (`notifications.defaultChannel`). */
  noticeChannel?: string;
  logger: OutboxLogger;
  /** The longest wait between two looks for due rows, which other processes may have written (default 5 s). */
  intervalMs?: number;
  /** How long a claim lasts before another worker may take the row over (default 60 s; above any send timeout). */
  leaseMs?: number;
  /**
   * Subscribes to what commits rows in this process outside the worker's sight (an action's change of state, whose
   * transaction wrote its card's rows); the worker looks at once after each. Returns the unsubscribe.
   */
  wakeOn?: (wake: () => void) => () => void;
}

// Capped exponential backoff for server and network errors: 1 s, 2 s, 4 s … up to 5 min.
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * Sends outbox rows through one chat platform: claims a due row, posts or edits, and settles the row by what the
 * platform answered. One row at a time per worker; across workers and replicas the claim makes each row sent once.
 */
export class OutboxWorker {
  private readonly holder = `worker_${randomUUID()}`;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private started = false;
  private stopping = false;
  private unsubscribe?: () => void;
  private readonly senders: Map<Platform, ChatCardSender>;
  private readonly scope: ChannelScope;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.senders = new Map(options.senders.map((sender) => [sender.platform, sender]));
    this.scope = scopeOf([...this.senders.keys()]);
  }

  start(): void {
    this.started = true;
    this.unsubscribe = this.options.wakeOn?.(() => {
      if (this.started) this.kick();
    });
    this.kick();
  }

  /** Looks for due rows now (after an enqueue in this process). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain()
      .then(() => undefined)
      .catch((error: unknown) => this.options.logger.error(`outbox: ${describe(error)}`))
      .finally(async () => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        } else await this.sleep();
      });
  }

  /**
   * Waits until the next row is due (a backoff or a claim ending), or at most the poll interval: rows written by
   * other processes are found then, and an idle worker asks the store little.
   */
  private async sleep(): Promise<void> {
    if (!this.started) return;
    const poll = this.options.intervalMs ?? 5_000;
    const due = await this.options.outbox.nextDueAt(this.scope).catch(() => undefined);
    if (!this.started) return;
    const wait = Math.max(50, Math.min(poll, due ? due.getTime() - Date.now() : poll));
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }

  /** Sends every row due now; resolves when none is left (rows backing off stay for later). */
  async drain(): Promise<number> {
    let sent = 0;
    // A stopping worker finishes the send under way and leaves the rest to the next worker (a backlog can be long).
    while (!this.stopping) {
      const row = await this.options.outbox.claimNext(this.holder, this.options.leaseMs ?? 60_000, this.scope);
      if (!row) return sent;
      if (await this.send(row)) sent += 1;
    }
    return sent;
  }

  /** Resolves when nothing due now is left unsent (rows backing off or blocked stay). */
  async idle(): Promise<void> {
    await this.running;
    await this.drain();
    await this.running;
  }

  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await this.running;
    clearTimeout(this.timer);
  }

  private async send(row: OutboxRow, joined = false): Promise<boolean> {
    const { outbox } = this.options;
    try {
      const posted = await this.deliver(row);
      await outbox.sent(row, this.holder, posted && { channel: posted.channel, ts: posted.id });
      if (posted && row.kind === 'post') await this.runEffect(row, posted);
      // The channel works again: whatever waited on it goes now.
      if ((await outbox.blockedCount(row.channel)) > 0) {
        const released = await outbox.retry({ states: ['blocked'], channel: row.channel });
        if (released > 0) this.options.logger.info(`outbox: ${platformName(parseChannelRef(row.channel).platform)} accepts posts to ${row.channel} again; resending ${released} blocked message(s)`);
      }
      return true;
    } catch (error) {
      const failure = error instanceof SendFailure ? error : new SendFailure('transient', describe(error));
      return this.settleFailure(row, failure, joined);
    }
  }

  /** Posts, edits or replies (a message, or a file uploaded); an edit or reply goes where the card's post landed. */
  private async deliver(row: OutboxRow): Promise<PostedRef | undefined> {
    const { outbox } = this.options;
    const { sender, channel } = this.senderOf(row);
    // Rows written before content became platform-neutral hold Slack's `{text, blocks}`; only Slack rows did, and the
    // Slack sender sends those as they are.
    const content = row.content as ChatContent;
    if (row.kind === 'post') return sender.post({ channel, ...(row.threadTs ? { thread: row.threadTs } : {}) }, content);
    const card = await outbox.location(row.cardKey);
    if (!card) throw new SendFailure('permanent', 'the card it belongs to was never posted');
    if (row.kind === 'reply') {
      const file = fileOf(row.content);
      if (!file) return sender.post({ channel: card.channel, thread: card.ts }, content);
      await sender.upload({ channel: card.channel, thread: card.ts }, { bytes: Buffer.from(file.base64, 'base64'), filename: file.filename, mimeType: file.mimeType, title: file.title });
      return undefined;
    }
    await sender.update({ channel: card.channel, id: card.ts }, content);
    return undefined;
  }

  /** The platform's sender and the channel's own id there; the claim's scope means there always is one. */
  private senderOf(row: OutboxRow): ChannelRef & { sender: ChatCardSender } {
    const ref = parseChannelRef(row.channel);
    const sender = this.senders.get(ref.platform);
    if (!sender) throw new SendFailure('transient', `no ${platformName(ref.platform)} sender in this process`);
    return { ...ref, sender };
  }

  private async settleFailure(row: OutboxRow, failure: SendFailure, joined: boolean): Promise<boolean> {
    const { outbox, logger } = this.options;
    const where = `${row.purpose} ${row.kind} to ${row.channel}`;
    const platform = platformName(parseChannelRef(row.channel).platform);
    switch (failure.kind) {
      case 'rate_limited':
        await outbox.retryLater(row, this.holder, new Date(Date.now() + (failure.retryAfterMs ?? BACKOFF_BASE_MS)), `rate limited by ${platform}`);
        return false;
      case 'transient': {
        const delay = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, row.attempts - 1));
        await outbox.retryLater(row, this.holder, new Date(Date.now() + delay), failure.reason);
        logger.warn(`outbox: ${where} failed (${failure.reason}); trying again in ${Math.round(delay / 1000)} s`);
        return false;
      }
      case 'needs_person':
        // A public channel the bot is not in: join it and try once more.
        if (!joined && row.kind !== 'update' && JOINABLE.includes(failure.reason) && (await this.join(row))) {
          logger.info(`outbox: joined ${row.channel} to post a ${row.purpose}`);
          return this.send(row, true);
        }
        return this.block(row, failure.reason);
      case 'permanent':
        await outbox.fail(row, this.holder, failure.reason);
        logger.error(`outbox: ${where} failed for good: ${failure.reason}`);
        return false;
    }
  }

  /** Keeps the row for a person, and tells one: once per blocked channel, in the notice channel (else the log). */
  private async block(row: OutboxRow, reason: string): Promise<false> {
    const { outbox, logger, noticeChannel } = this.options;
    const alreadyTold = (await outbox.blockedCount(row.channel)) > 0;
    await outbox.block(row, this.holder, reason);
    if (alreadyTold) return false;
    const advice = reason === 'missing_scope' || reason === 'invalid_auth' ? `check the app's token and scopes` : `invite opsbot to ${row.channel}`;
    const line = `${platformName(parseChannelRef(row.channel).platform)} refused a ${row.purpose} for ${row.channel} (${reason}); it is kept: ${advice}, then run \`opsbot deliveries retry\` (a later post that succeeds there sends it too).`;
    if (!noticeChannel || noticeChannel === row.channel || row.purpose === 'notice') {
      logger.error(`outbox: ${line}`);
      return false;
    }
    logger.warn(`outbox: ${line}`);
    await outbox.enqueue([{ purpose: 'notice', channel: noticeChannel, content: { text: [{ icon: 'warning' }, ' ', noticeText(row.channel, reason, advice)] } satisfies ChatContent }]);
    return false;
  }

  private async join(row: OutboxRow): Promise<boolean> {
    try {
      const { sender, channel } = this.senderOf(row);
      return await sender.join(channel);
    } catch {
      return false;
    }
  }

  private async runEffect(row: OutboxRow, posted: PostedRef): Promise<void> {
    const effect = this.options.effects?.[row.purpose];
    if (!effect) return;
    try {
      await effect(row, posted);
    } catch (error) {
      this.options.logger.error(`outbox: after posting a ${row.purpose}: ${describe(error)}`);
    }
  }
}

/** The one notice a person reads about a blocked channel. */
export function noticeText(channel: string, reason: string, advice: string): string {
  return `I could not post to ${channel} (${reason}), so what I had to post there is waiting. To deliver it, ${advice} and run \`opsbot deliveries retry\`.`;
}

/** The rows a worker with these platforms' senders may claim: Slack takes bare channels, the others their prefix. */
export function scopeOf(platforms: Platform[]): ChannelScope {
  const prefixed = PLATFORMS.filter((platform) => platform !== 'slack').map((platform) => `${platform}:`);
  return {
    prefixes: platforms.map((platform) => `${platform}:`),
    ...(platforms.includes('slack') ? { bare: { unless: prefixed } } : {}),
  };
}

function describe(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error));
}
