import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { BackgroundWork } from './background-work.js';
import type { CardClicks } from './card-clicks.js';
import { CARD_ACTION_IDS } from '../presenter/block-kit.js';
import type { SlackErrorSink } from './error-sink.js';

/**
 * Approve / Reject buttons. Acked first (Slack wants an answer within 3 s; running a deploy takes longer), then
 * translated: the decider is the signed payload's user id, the action is the button's value and nothing else.
 */
export function registerCardListeners(app: App, clicks: CardClicks, errors: SlackErrorSink, work: BackgroundWork): void {
  for (const decision of ['approve', 'reject'] as const) {
    app.action<BlockAction<ButtonAction>>(CARD_ACTION_IDS[decision], async ({ ack, body, action }) => {
      await ack();
      const channel = body.channel?.id ?? stringOf(body.container.channel_id);
      const messageTs = body.message?.ts ?? stringOf(body.container.message_ts);
      if (!channel || !messageTs || !action.value) return;
      const threadTs = stringOf(body.message?.thread_ts) ?? stringOf(body.container.thread_ts);
      const user = body.user.id;
      work.track(
        `${decision} click`,
        clicks.handle({ decision, actionId: action.value, user, channel, messageTs, threadTs }).catch((error: unknown) => errors.apologizePrivately(channel, user, error, `${decision} click on ${action.value}`)),
      );
    });
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
