import { neutralizeBroadcasts, truncate } from '../mrkdwn.js';
import { slackErrorCode } from '../slack-client.js';
import type { SlackThread } from '../slack-origin.js';
import { AnswerMessages, MIN_EDIT_INTERVAL_MS, type MessageContext } from './answer-messages.js';
import { CoalescingThrottle } from './coalescing-throttle.js';

const WORKING = 'is checking…';
// Errors that say the workspace or app cannot use assistant statuses at all: stop trying for this process.
const STATUS_UNAVAILABLE = new Set(['missing_scope', 'unknown_method', 'not_allowed_token_type', 'method_deprecated', 'feature_not_enabled', 'not_allowed']);

/** Shows a person at once that opsbot is working, carries progress notes, and delivers the answer in the thread. */
export interface ProgressIndicator {
  readonly kind: 'status' | 'placeholder';
  note(text: string): void;
  /** A piece of the answer as the model writes it: shown at once, then edited as it grows. */
  write(delta: string): void;
  /** Posts the answer (long ones as several messages), replacing the indicator and anything streamed. */
  finish(text: string): Promise<void>;
  /** Drops updates not yet sent when the turn failed, so none lands after the apology. */
  abandon(): Promise<void>;
  /** A change was proposed and awaits approval (a native stream shows it as a task; others leave it to the card). */
  proposed?(summary: string): void;
}

/** Process-wide memory of whether `assistant.threads.setStatus` works here, so a refusal costs one call, not one per message. */
export class StatusSupport {
  available = true;
}

/** What every indicator needs. */
export interface ProgressContext extends MessageContext {
  support: StatusSupport;
  /** How long an answer may take before the indicator shows (default FEEDBACK_DELAY_MS; 0 shows it at once). */
  feedbackDelayMs?: number;
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
  const text = `_${WORKING.replace(/^is /, '')}_`;
  const posted = await context.client.chat.postMessage({ channel: thread.channel, thread_ts: thread.threadTs, text });
  return new PlaceholderProgress(context, thread, { channel: posted.channel ?? thread.channel, ts: posted.ts ?? thread.threadTs, text });
}

/** An indicator that has shown nothing: the answer is the first thing the person sees (see deferred-progress.ts). */
export function quietProgress(context: ProgressContext, thread: SlackThread): ProgressIndicator {
  return new StatusProgress(context, thread);
}

/** The assistant status line while nothing is written yet; the answer is a new message, which also clears the status. */
class StatusProgress implements ProgressIndicator {
  readonly kind = 'status';
  private readonly status: CoalescingThrottle<string>;
  private readonly answer: AnswerMessages;

  constructor(context: ProgressContext, thread: SlackThread) {
    this.status = new CoalescingThrottle(
      async (status) => {
        await context.client.assistant.threads.setStatus({ channel_id: thread.channel, thread_ts: thread.threadTs, status });
      },
      { minIntervalMs: context.minEditIntervalMs ?? MIN_EDIT_INTERVAL_MS, onError: context.onError },
    );
    // A status update landing after the answer's first message would bring the cleared status back.
    this.answer = new AnswerMessages(context, thread, { beforeFirstPost: () => this.status.close() });
  }

  note(text: string): void {
    if (this.answer.writing) this.answer.showNote(text);
    else this.status.push(truncate(neutralizeBroadcasts(text), 150));
  }

  write(delta: string): void {
    this.answer.write(delta);
  }

  async finish(text: string): Promise<void> {
    await this.status.close();
    await this.answer.finish(text);
  }

  async abandon(): Promise<void> {
    await this.status.close();
    await this.answer.abandon();
  }
}

/** A message that says what is going on, edited at most once per interval, then replaced by the answer. */
export class PlaceholderProgress implements ProgressIndicator {
  readonly kind = 'placeholder';
  private readonly answer: AnswerMessages;

  /** `prefix` heads every version of the message (a slash command's echo, say). */
  constructor(context: ProgressContext, thread: SlackThread, message: { channel: string; ts: string; text?: string }, prefix = '') {
    this.answer = new AnswerMessages(context, thread, { placeholder: { text: '', ...message }, prefix });
  }

  note(text: string): void {
    this.answer.showNote(text);
  }

  write(delta: string): void {
    this.answer.write(delta);
  }

  finish(text: string): Promise<void> {
    return this.answer.finish(text);
  }

  abandon(): Promise<void> {
    return this.answer.abandon();
  }
}
