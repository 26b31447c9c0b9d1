import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { BackgroundWork } from '../slack/background-work.js';
import type { SlackErrorSink } from '../slack/error-sink.js';
import { EVENT_ACTION_IDS } from './alert-card.js';
import type { EventCardClick, EventCardClicks } from './event-card-clicks.js';

/**
 * The buttons of alert, release and PagerDuty incident cards. Acked first (Slack wants an answer within 3 s), then translated: the
 * clicker is the signed payload's user id, the target is the button's stored reference and nothing else.
 */
export function registerEventCardListeners(app: App, clicks: EventCardClicks, errors: SlackErrorSink, work: BackgroundWork): void {
  for (const actionId of Object.values(EVENT_ACTION_IDS)) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action }) => {
      await ack();
      const channel = body.channel?.id ?? stringOf(body.container.channel_id);
      const messageTs = body.message?.ts ?? stringOf(body.container.message_ts);
      if (!channel || !messageTs || !action.value) return;
      const click: EventCardClick = { actionId, ref: action.value, user: body.user.id, channel, messageTs, threadTs: stringOf(body.message?.thread_ts) ?? stringOf(body.container.thread_ts) };
      work.track(`${actionId} click`, clicks.handle(click).catch((error: unknown) => errors.apologizePrivately(channel, click.user, error, `${actionId} click on ${action.value}`)));
    });
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
