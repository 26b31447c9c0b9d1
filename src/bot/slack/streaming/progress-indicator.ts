import { slackErrorCode, type SlackClient } from '../slack-client.js';
import { neutralizeBroadcasts, truncate } from '../mrkdwn.js';
import type { SlackThread } from '../slack-origin.js';
import { CoalescingThrottle } from './coalescing-throttle.js';
import { splitMessage } from './split-message.js';

/** At most one edit per message per second: Slack rate-limits chat.update and a faster flicker helps nobody. */
export const MIN_EDIT_INTERVAL_MS = 1000;

const WORKING = 'is checking…';
// Errors that say the workspace or app cannot use assistant statuses at all: stop trying for this process.
const STATUS_UNAVAILABLE = new Set(['missing_scope', 'unknown_method', 'not_allowed_token_type', 'method_deprecated', 'feature_not_enabled', 'not_allowed']);

const GONE = new Set(['message_not_found', 'cant_update_message']);

/** Shows a person at once that opsbot is working, carries progress notes, and delivers the answer in the thread. */
export interface ProgressIndicator {
  readonly kind: 'status' | 'placeholder';
  note(text: string): void;
  /** Posts the answer (long ones as several messages), replacing the indicator when it is a message. */
  finish(text: string): Promise<void>;
}

/** Process-wide memory of whether `assistant.threads.setStatus` works here, so a refusal costs one call, not one per message. */
export class StatusSupport {
  available = true;
}

/** What every indicator needs. */
export interface ProgressContext {
  client: SlackClient;
  support: StatusSupport;
  onError: (error: unknown) => void;
  minEditIntervalMs?: number;
}

/**
 * The assistant thread status ("opsbot is checking…") where Slack allows it, otherwise a "checking…" reply
 * that is edited as work goes on and finally replaced by the answer.
 */
export async function showProgress(context: ProgressContext, thread: SlackThread): Promise<ProgressIndicator> {
  if (context.support.available) {
    try {
      await context.client.assistant.threads.setStatus({ channel_id: thread.channel, thread_ts: thread.threadTs, status: WORKING });
      return new StatusProgress(context, thread);
    } catch (error) {
      if (STATUS_UNAVAILABLE.has(slackErrorCode(error) ?? '')) context.support.available = false;
    }
  }
  const posted = await context.client.chat.postMessage({ channel: thread.channel, thread_ts: thread.threadTs, text: `_${WORKING.replace(/^is /, '')}_` });
  return new PlaceholderProgress(context, thread, { channel: thread.channel, ts: posted.ts ?? thread.threadTs });
}

/** The assistant status line; the answer is a new message, which also clears the status. */
class StatusProgress implements ProgressIndicator {
  readonly kind = 'status';
  private readonly throttle: CoalescingThrottle<string>;

  constructor(
    private readonly context: ProgressContext,
    private readonly thread: SlackThread,
  ) {
    this.throttle = new CoalescingThrottle(
      async (status) => {
        await context.client.assistant.threads.setStatus({ channel_id: thread.channel, thread_ts: thread.threadTs, status });
      },
      { minIntervalMs: context.minEditIntervalMs ?? MIN_EDIT_INTERVAL_MS, onError: context.onError },
    );
  }

  note(text: string): void {
    this.throttle.push(truncate(neutralizeBroadcasts(text), 150));
  }

  async finish(text: string): Promise<void> {
    await this.throttle.close();
    for (const part of splitMessage(text)) await this.context.client.chat.postMessage({ channel: this.thread.channel, thread_ts: this.thread.threadTs, text: part });
  }
}

/** A message that says what is going on, edited at most once per interval, then replaced by the answer. */
export class PlaceholderProgress implements ProgressIndicator {
  readonly kind = 'placeholder';
  private readonly throttle: CoalescingThrottle<string>;

  /** `prefix` heads every version of the message (a slash command's echo, say). */
  constructor(
    private readonly context: ProgressContext,
    private readonly thread: SlackThread,
    private readonly message: { channel: string; ts: string },
    private readonly prefix = '',
  ) {
    this.throttle = new CoalescingThrottle(
      async (text) => {
        await context.client.chat.update({ channel: message.channel, ts: message.ts, text });
      },
      { minIntervalMs: context.minEditIntervalMs ?? MIN_EDIT_INTERVAL_MS, onError: context.onError },
    );
  }

  note(text: string): void {
    this.throttle.push(`${this.prefix}_${truncate(neutralizeBroadcasts(text), 300)}_`);
  }

  async finish(text: string): Promise<void> {
    const [first = '', ...rest] = splitMessage(`${this.prefix}${text}`);
    try {
      await this.throttle.finish(first);
    } catch (error) {
      // Someone deleted the "checking…" message: the answer still belongs in the thread.
      if (!GONE.has(slackErrorCode(error) ?? '')) throw error;
      rest.unshift(first);
    }
    for (const part of rest) await this.context.client.chat.postMessage({ channel: this.thread.channel, thread_ts: this.thread.threadTs, text: part });
  }
}
