import type { App } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { KvRepository } from '../../store/kv-repository.js';
import type { BackgroundWork } from './background-work.js';
import type { SlackErrorSink } from './error-sink.js';

/** The action id of the feedback buttons under an answer. */
export const FEEDBACK_ACTION = 'answer_feedback';
// Answers are kept by message so a later click knows the question; feedback by message and person, one vote each.
const ANSWERS = 'slack-answers';
const FEEDBACK = 'answer-feedback';

/** An answer as it is kept for feedback: who asked what, where. */
export interface AnsweredQuestion {
  actor: string;
  question: string;
  conversationId: string;
}

/** One recorded click: the answer's question with the verdict, for evals (`kv` namespace `answer-feedback`). */
export interface FeedbackRecord extends Partial<AnsweredQuestion> {
  verdict: 'good' | 'bad';
  by: string;
  channel: string;
  ts: string;
  at: string;
}

/** Slack's feedback buttons (a context_actions block), closing every streamed answer. */
export function feedbackBlocks(): KnownBlock[] {
  return [
    {
      type: 'context_actions',
      elements: [
        {
          type: 'feedback_buttons',
          action_id: FEEDBACK_ACTION,
          positive_button: { text: { type: 'plain_text', text: 'Good answer' }, value: 'good', accessibility_label: 'This answer helped' },
          negative_button: { text: { type: 'plain_text', text: 'Bad answer' }, value: 'bad', accessibility_label: 'This answer did not help' },
        },
      ],
    },
  ];
}

/** Keeps answers and the verdicts people give them, in opsbot's store. */
export class AnswerFeedback {
  constructor(
    private readonly kv: KvRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** An answer was posted as message `ts`. */
  remember(answer: { channel: string; ts: string }, question: AnsweredQuestion): Promise<void> {
    return this.kv.put(ANSWERS, `${answer.channel}/${answer.ts}`, question);
  }

  /** A click on an answer's buttons; a second click by the same person replaces the first. */
  async record(click: { channel: string; ts: string; by: string; value: string }): Promise<FeedbackRecord | undefined> {
    if (click.value !== 'good' && click.value !== 'bad') return undefined;
    const question = (await this.kv.get<AnsweredQuestion>(ANSWERS, `${click.channel}/${click.ts}`)) ?? {};
    const record: FeedbackRecord = { ...question, verdict: click.value, by: click.by, channel: click.channel, ts: click.ts, at: this.now().toISOString() };
    await this.kv.put(FEEDBACK, `${click.channel}/${click.ts}/${click.by}`, record);
    return record;
  }

  /** Every recorded verdict, for evals and reports. */
  async all(): Promise<FeedbackRecord[]> {
    return (await this.kv.list<FeedbackRecord>(FEEDBACK)).map((entry) => entry.value);
  }
}

/** Clicks on feedback buttons are acknowledged at once and recorded in the background. */
export function registerAnswerFeedback(app: App, feedback: AnswerFeedback, errors: SlackErrorSink, work: BackgroundWork): void {
  app.action(FEEDBACK_ACTION, async ({ ack, body, action }) => {
    await ack();
    const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
    const channel = 'channel' in body && body.channel ? body.channel.id : undefined;
    const ts = 'message' in body && body.message ? String(body.message.ts) : undefined;
    if (!channel || !ts) return;
    work.queue(`feedback ${channel}/${ts}`, () => feedback.record({ channel, ts, by: body.user.id, value }).then(() => undefined, (error: unknown) => errors.log(error, 'answer feedback')));
  });
}
