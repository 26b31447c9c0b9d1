import type { Reply, Responder } from '../../agent/responder.js';
import type { PendingAction } from '../../actions/pending-action.js';
import type { ApprovalCards } from '../conversation/approval-cards.js';
import { ChartCollector, type ChartUploads } from './chart-uploads.js';
import { LogCollector, type LogUploads } from './log-attachments.js';
import type { SlackErrorSink } from './error-sink.js';
import type { KnownThreads } from './known-threads.js';
import { outsideText } from './mrkdwn.js';
import { replyTextBesideCards } from '../presenter/block-kit.js';
import { slackOrigin, type SlackThread } from './slack-origin.js';
import { DeferredProgress } from './streaming/deferred-progress.js';
import { quietProgress, showProgress, type ProgressContext, type ProgressIndicator } from './streaming/progress-indicator.js';

/** A person's message as the listeners translate it; `actor` is the event's user id, never text from the message. */
export interface IncomingMessage {
  kind: 'mention' | 'direct' | 'reply';
  actor: string;
  text: string;
  channel: string;
  ts: string;
  threadTs?: string;
}

/** What conversations need. */
export interface ConversationsDependencies {
  responder: Responder;
  cards: ApprovalCards;
  threads: KnownThreads;
  errors: SlackErrorSink;
  progress: ProgressContext;
  /** opsbot's own user id (from auth.test), to strip its mention and to leave mentioned replies to app_mention. */
  botUserId: string;
  /** Uploads charts that tool results carry into the answer's thread; none are attached without it. */
  charts?: ChartUploads;
  /** Uploads logs too long for a message into the answer's thread; without it they stay inline. */
  logs?: LogUploads;
  /** Starts an answer's indicator in a Slack-native way (native-surfaces.ts); showProgress when absent. */
  startProgress?: (thread: SlackThread, message: IncomingMessage) => Promise<ProgressIndicator>;
}

/** One thread, one conversation: shows progress at once, asks the responder, streams its answer into the thread, posts cards. */
export class Conversations {
  constructor(private readonly deps: ConversationsDependencies) {}

  /** Answers a mention, a direct message, or a reply in a thread opsbot takes part in. */
  async handleMessage(message: IncomingMessage): Promise<void> {
    const thread = { channel: message.channel, threadTs: message.threadTs ?? message.ts };
    if (message.kind === 'reply') {
      // A reply that mentions opsbot also arrives as app_mention; answer it once, there.
      if (message.text.includes(`<@${this.deps.botUserId}>`) || !(await this.deps.threads.has(thread))) return;
    }
    try {
      const progress = await this.startProgress(thread, message);
      // Direct messages always reach opsbot; channel threads are remembered so replies there need no mention.
      if (message.kind === 'mention') await this.deps.threads.remember(thread);
      await this.answer({ responder: this.deps.responder, progress, thread, actor: message.actor, text: message.text, messageTs: message.ts });
    } catch (error) {
      await this.deps.errors.apologize(thread, error, `answering ${message.kind} from ${message.actor}`);
    }
  }

  /** One turn with a progress indicator already on screen; slash commands bring their own indicator and responder. */
  async answer(turn: { responder: Responder; progress: ProgressIndicator; thread: SlackThread; actor: string; text: string; messageTs?: string; via?: 'command' }): Promise<void> {
    const origin = slackOrigin(turn.thread, { messageTs: turn.messageTs, via: turn.via });
    let reply: Reply;
    const charts = new ChartCollector();
    // Only collected when they can be uploaded: a log cut from the message must land in the thread.
    const logs = new LogCollector();
    try {
      reply = await turn.responder.respond({
        text: this.plainText(turn.text),
        actor: turn.actor,
        origin,
        onProgress: (note) => turn.progress.note(note),
        // A model's answer appears as it is written; the router answers whole and never calls this.
        onText: (delta) => turn.progress.write(delta),
        onOutcome: (outcome) => {
          if (outcome.status === 'pending') turn.progress.proposed?.(outcome.action.summary);
          charts.onOutcome(outcome);
          if (this.deps.logs) logs.onOutcome(outcome);
        },
      });
    } catch (error) {
      await turn.progress.abandon();
      throw error;
    }
    await turn.progress.finish(outsideText(logs.shorten(replyTextBesideCards(reply))));
    for (const action of reply.actions) await this.deps.cards.post(action);
    if (charts.charts.length) await this.deps.charts?.attach(turn.thread, charts.charts);
    if (logs.logs.length) await this.deps.logs?.attach(turn.thread, logs.logs);
  }

  /**
   * A native answer stream starts at once (it carries the answer's steps); otherwise the status appears only if the
   * answer takes longer than a glance, so a command answered in milliseconds costs one Web API call, not two.
   */
  private async startProgress(thread: SlackThread, message: IncomingMessage): Promise<ProgressIndicator> {
    if (this.deps.startProgress) return this.deps.startProgress(thread, message);
    const context = this.deps.progress;
    return new DeferredProgress({ visible: () => showProgress(context, thread), quiet: () => quietProgress(context, thread) }, context.feedbackDelayMs, context.onError);
  }

  /** Posts an action's confirmation card (for answers given outside a thread). */
  postCard(action: PendingAction): Promise<void> {
    return this.deps.cards.post(action);
  }

  /** Slack's encoding undone for the responder: opsbot's own mention dropped, `&amp;`/`&lt;`/`&gt;` back to characters. */
  private plainText(text: string): string {
    return text
      .replaceAll(`<@${this.deps.botUserId}>`, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .trim();
  }
}
