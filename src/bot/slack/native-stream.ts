import type { AnyChunk, KnownBlock } from '@slack/types';
import { outsideText, truncate } from './mrkdwn.js';
import { slackErrorCode } from './slack-client.js';
import type { SlackThread } from './slack-origin.js';
import { MIN_EDIT_INTERVAL_MS } from './streaming/answer-messages.js';
import { CoalescingThrottle } from './streaming/coalescing-throttle.js';
import { type ProgressContext, type ProgressIndicator, showProgress } from './streaming/progress-indicator.js';

// Errors that say this workspace or app cannot stream natively at all: stop trying for this process.
const STREAM_UNAVAILABLE = new Set(['missing_scope', 'unknown_method', 'not_allowed_token_type', 'method_deprecated', 'feature_not_enabled', 'not_allowed', 'team_not_allowed']);

/** Process-wide memory of whether `chat.startStream` works here, so a refusal costs one call, not one per message. */
export class StreamSupport {
  available = true;
}

/** What a native stream needs beyond the usual progress context. */
export interface NativeStreamContext extends ProgressContext {
  streams: StreamSupport;
  /** The workspace (auth.test team_id): Slack needs it with the recipient outside direct messages. */
  teamId?: string;
  /** Blocks the finished answer ends with (feedback buttons); none when absent. */
  answerBlocks?: () => KnownBlock[];
  /** Told the answer's message once it is finished, so a click on its buttons can be matched to the question. */
  onAnswered?: (answer: { channel: string; ts: string }) => void;
}

/**
 * The answer as one Slack-native streamed message (chat.startStream / appendStream / stopStream) with a task entry
 * per step, where the workspace allows it; otherwise today's indicator (assistant status or "checking…" message).
 */
export async function startAnswerStream(context: NativeStreamContext, thread: SlackThread, recipient: string): Promise<ProgressIndicator> {
  if (context.streams.available) {
    try {
      const started = await context.client.chat.startStream({
        channel: thread.channel,
        thread_ts: thread.threadTs,
        recipient_user_id: recipient,
        ...(context.teamId ? { recipient_team_id: context.teamId } : {}),
        task_display_mode: 'timeline',
        chunks: [{ type: 'task_update', id: 'task-1', title: 'Reading the question', status: 'in_progress' }],
      });
      if (started.ts) return new NativeStream(context, { channel: started.channel ?? thread.channel, ts: started.ts });
    } catch (error) {
      if (STREAM_UNAVAILABLE.has(slackErrorCode(error) ?? '')) context.streams.available = false;
      else context.onError(error);
    }
  }
  return showProgress(context, thread);
}

/** One streamed answer: text appended as it grows (prefix-stable after Slack's escaping), steps as task entries. */
class NativeStream implements ProgressIndicator {
  readonly kind = 'status';
  private text = '';
  private sent = '';
  private tasks = 1;
  private openTask: { id: string; title: string } | undefined = { id: 'task-1', title: 'Reading the question' };
  private chunks: AnyChunk[] = [];
  private readonly throttle: CoalescingThrottle<number>;
  private generation = 0;

  constructor(
    private readonly context: NativeStreamContext,
    private readonly message: { channel: string; ts: string },
  ) {
    this.throttle = new CoalescingThrottle(() => this.flush(), { minIntervalMs: context.minEditIntervalMs ?? MIN_EDIT_INTERVAL_MS, onError: context.onError });
  }

  /** A step (a tool being called): the open step completes and a new one opens. */
  note(text: string): void {
    this.closeTask();
    this.openTask = { id: `task-${++this.tasks}`, title: truncate(outsideText(text), 150) };
    this.chunks.push({ type: 'task_update', ...this.openTask, status: 'in_progress' });
    this.throttle.push(++this.generation);
  }

  /** A proposal is a step of its own, finished at once: what it does, and that a person must approve it. */
  proposed(summary: string): void {
    this.closeTask();
    this.chunks.push({ type: 'task_update', id: `task-${++this.tasks}`, title: truncate(`Proposing: ${outsideText(summary)} — needs approval`, 150), status: 'complete' });
    this.throttle.push(++this.generation);
  }

  write(delta: string): void {
    this.closeTask();
    this.text += delta;
    this.throttle.push(++this.generation);
  }

  /** The final text: the rest after what was streamed, or (when opsbot answered another way) the whole text as an edit. */
  async finish(text: string): Promise<void> {
    await this.throttle.close();
    this.closeTask();
    const { client } = this.context;
    const blocks = this.context.answerBlocks?.() ?? [];
    const continues = text.startsWith(this.sent);
    const rest = continues ? text.slice(this.sent.length) : '';
    const chunks: AnyChunk[] = [...this.chunks, ...(rest ? [{ type: 'markdown_text' as const, text: rest }] : [])];
    this.chunks = [];
    await client.chat.stopStream({ ...this.message, ...(chunks.length ? { chunks } : {}), ...(blocks.length ? { blocks } : {}) });
    if (!continues) await client.chat.update({ ...this.message, text });
    this.context.onAnswered?.(this.message);
  }

  async abandon(): Promise<void> {
    await this.throttle.close();
    this.closeTask('error');
    await this.context.client.chat.stopStream({ ...this.message, chunks: this.chunks }).catch(this.context.onError);
  }

  private closeTask(status: 'complete' | 'error' = 'complete'): void {
    if (!this.openTask) return;
    this.chunks.push({ type: 'task_update', ...this.openTask, status });
    this.openTask = undefined;
  }

  /**
   * Sends the steps queued and the text written since the last send. Text goes out only up to its last line break
   * and only while Slack's escaping of the whole text still begins with what was sent (an append cannot be undone).
   */
  private async flush(): Promise<void> {
    const escaped = outsideText(this.text);
    const complete = escaped.slice(0, escaped.lastIndexOf('\n') + 1);
    const piece = complete.startsWith(this.sent) ? complete.slice(this.sent.length) : '';
    const chunks: AnyChunk[] = [...this.chunks, ...(piece ? [{ type: 'markdown_text' as const, text: piece }] : [])];
    if (chunks.length === 0) return;
    this.chunks = [];
    await this.context.client.chat.appendStream({ ...this.message, chunks });
    this.sent += piece;
  }
}
