import { outsideText, truncate } from '../mrkdwn.js';
import { slackErrorCode, type SlackClient } from '../slack-client.js';
import type { SlackThread } from '../slack-origin.js';
import { CoalescingThrottle } from './coalescing-throttle.js';
import { splitMessage } from './split-message.js';

/** At most one edit per message per second: Slack rate-limits chat.update and a faster flicker helps nobody. */
export const MIN_EDIT_INTERVAL_MS = 1000;

// The message was deleted (or can no longer be edited) meanwhile: the answer still belongs in the thread.
const GONE = new Set(['message_not_found', 'cant_update_message']);

const FENCE = '```';

/** What posting and editing an answer needs. */
export interface MessageContext {
  client: SlackClient;
  /** Where a failed intermediate update is reported; the final one fails to the caller. */
  onError: (error: unknown) => void;
  minEditIntervalMs?: number;
}

/** A message opsbot posted, with the text it shows now. */
export interface ShownMessage {
  channel: string;
  ts: string;
  text: string;
}

/** How an answer's messages start. */
export interface AnswerMessagesOptions {
  /** A message already in the thread ("checking…") that becomes the answer's first part. */
  placeholder?: ShownMessage;
  /** Heads the first part in every version (a slash command's echo). */
  prefix?: string;
  /** Runs once, before the first message is posted. */
  beforeFirstPost?: () => Promise<void>;
}

/**
 * One answer as the thread messages that carry it. While the model writes, the first text is posted at once and
 * then edited as it grows, all edits together at most once per interval (Slack rate-limits chat.update); a
 * message is added whenever the text outgrows one. The final text then replaces whatever the preview showed.
 */
export class AnswerMessages {
  private readonly messages: ShownMessage[];
  private readonly throttle: CoalescingThrottle<string[]>;
  private text = '';
  private note = '';
  private posted = false;

  constructor(
    private readonly context: MessageContext,
    private readonly thread: SlackThread,
    private readonly options: AnswerMessagesOptions = {},
  ) {
    this.messages = options.placeholder ? [{ ...options.placeholder }] : [];
    this.throttle = new CoalescingThrottle((parts) => this.show(parts), { minIntervalMs: context.minEditIntervalMs ?? MIN_EDIT_INTERVAL_MS, onError: context.onError });
  }

  /** True once some of the answer's text has arrived. */
  get writing(): boolean {
    return this.text.length > 0;
  }

  /** A progress note: the placeholder's text before the answer starts, a line under the answer after. */
  showNote(note: string): void {
    this.note = `_${truncate(outsideText(note), 300)}_`;
    this.schedule();
  }

  /** A piece of the answer as the model writes it. */
  write(delta: string): void {
    this.text += delta;
    this.note = '';
    this.schedule();
  }

  /** Shows the final text (split at Slack's limit) after the interval allows; failures reach the caller. */
  finish(text: string): Promise<void> {
    return this.throttle.finish(splitMessage(`${this.options.prefix ?? ''}${text}`));
  }

  /** Drops updates not yet sent (the turn failed; what is shown stays, and an apology follows it). */
  abandon(): Promise<void> {
    return this.throttle.close();
  }

  private schedule(): void {
    const preview = this.preview();
    if (preview) this.throttle.push(splitMessage(preview));
  }

  /** What the messages show while work goes on; empty when there is nothing to show yet. */
  private preview(): string {
    const prefix = this.options.prefix ?? '';
    if (!this.text) return this.options.placeholder && this.note ? `${prefix}${this.note}` : '';
    let text = outsideText(this.text).trim();
    // A code block still being written is closed for now, so the rest of the message does not render as code.
    if (text.split(FENCE).length % 2 === 0) text = `${text}\n${FENCE}`;
    return [`${prefix}${text}`, this.note].filter(Boolean).join('\n');
  }

  private async show(parts: string[]): Promise<void> {
    for (const [index, text] of parts.entries()) {
      const shown = this.messages[index];
      if (!shown) {
        this.messages.push(await this.post(text));
      } else if (shown.text !== text) {
        try {
          await this.context.client.chat.update({ channel: shown.channel, ts: shown.ts, text });
          shown.text = text;
        } catch (error) {
          if (!GONE.has(slackErrorCode(error) ?? '')) throw error;
          this.messages[index] = await this.post(text);
        }
      }
    }
    // The final text can need fewer messages than the preview did (opsbot answered another way).
    for (const extra of this.messages.splice(parts.length)) await this.context.client.chat.delete({ channel: extra.channel, ts: extra.ts });
  }

  private async post(text: string): Promise<ShownMessage> {
    if (!this.posted) {
      this.posted = true;
      await this.options.beforeFirstPost?.();
    }
    const posted = await this.context.client.chat.postMessage({ channel: this.thread.channel, thread_ts: this.thread.threadTs, text });
    return { channel: posted.channel ?? this.thread.channel, ts: posted.ts ?? '', text };
  }
}
