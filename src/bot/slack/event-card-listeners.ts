import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ConversationPort } from '../conversation/port.js';
import { EVENT_ACTION_IDS } from '../webhooks/alert-card.js';
import type { EventCardClick, EventCardClicks } from '../webhooks/event-card-clicks.js';
import type { BackgroundWork } from './background-work.js';
import { renderSlackContent } from './block-kit-card.js';
import type { SlackErrorSink } from './error-sink.js';
import type { SlackClient } from './slack-client.js';

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
      // A Slack user id is the opsbot identity itself.
      const click: EventCardClick = { actionId, ref: action.value, user: body.user.id, platform: 'slack', channel, messageTs, threadTs: stringOf(body.message?.thread_ts) ?? stringOf(body.container.thread_ts) };
      work.track(`${actionId} click`, clicks.handle(click).catch((error: unknown) => errors.apologizePrivately(channel, click.user, error, `${actionId} click on ${action.value}`)));
    });
  }
}

/** What event card clicks say back, on Slack (until the Slack conversation port serves it): thread replies and ephemerals. */
export function slackEventCardChat(client: SlackClient): Pick<ConversationPort, 'post' | 'tellPrivately'> {
  return {
    async post(place, content) {
      const message = renderSlackContent(content);
      const posted = await client.chat.postMessage({ channel: place.channel, ...(place.thread ? { thread_ts: place.thread } : {}), text: message.text, ...(message.blocks.length ? { blocks: message.blocks } : {}) });
      return { channel: posted.channel ?? place.channel, id: posted.ts ?? '', ...(place.thread ? { thread: place.thread } : {}) };
    },
    async tellPrivately(place, person, content) {
      await client.chat.postEphemeral({ channel: place.channel, user: person, text: renderSlackContent(content).text, ...(place.thread ? { thread_ts: place.thread } : {}) });
    },
  };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
