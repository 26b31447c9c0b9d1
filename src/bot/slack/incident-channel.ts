import type { Logger } from '@slack/bolt';
import type { Config } from '../../config/schema.js';
import type { KvRepository } from '../../store/kv-repository.js';
import { Identities } from '../conversation/identities.js';
import { type IncidentRoomPlace, IncidentRooms, incidentRoomOf, withSuffix } from '../conversation/incident-rooms.js';
import type { ConversationPort } from '../conversation/port.js';
import type { ApprovalCards } from './approval-cards.js';
import { renderSlackContent } from './block-kit-card.js';
import { slackErrorCode, type SlackClient } from './slack-client.js';

export { incidentChannelName } from '../conversation/incident-rooms.js';

/** An incident's Slack channel, as the store keeps every platform's incident rooms. */
export type IncidentChannelRecord = IncidentRoomPlace;

/** What incident channels need. */
export interface IncidentChannelsDependencies {
  client: SlackClient;
  kv: KvRepository;
  cards: ApprovalCards;
  config: Config;
  logger: Logger;
  botUserId: string;
}

/** Incident rooms on Slack: the platform-neutral rooms (src/bot/conversation/incident-rooms.ts) through Slack's Web API. */
export class IncidentChannels extends IncidentRooms {
  constructor(deps: IncidentChannelsDependencies) {
    super({ chat: slackRoomChat(deps.client, deps.botUserId, deps.logger), cards: deps.cards, kv: deps.kv, config: deps.config, identities: new Identities(deps.config.people), logger: deps.logger });
  }
}

/**
 * What incident rooms need of Slack (until the Slack conversation port serves it): a public channel under a free
 * name, its people invited (a failed invite is said in the channel, for someone to add them by hand), and posts.
 */
export function slackRoomChat(client: SlackClient, botUserId: string, logger: Logger): Pick<ConversationPort, 'platform' | 'openChannel' | 'post'> {
  const post: ConversationPort['post'] = async (place, content) => {
    const message = renderSlackContent(content);
    const posted = await client.chat.postMessage({ channel: place.channel, ...(place.thread ? { thread_ts: place.thread } : {}), text: message.text, ...(message.blocks.length ? { blocks: message.blocks } : {}) });
    return { channel: posted.channel ?? place.channel, id: posted.ts ?? '', ...(place.thread ? { thread: place.thread } : {}) };
  };
  return {
    platform: 'slack',
    post,
    async openChannel(base, options) {
      const { channel, name } = await createChannel(client, base);
      const users = options.invite.filter((user) => user !== botUserId);
      if (users.length) {
        try {
          await client.conversations.invite({ channel, users: users.join(',') });
        } catch (error) {
          const code = slackErrorCode(error);
          if (code !== 'already_in_channel' && code !== 'cant_invite_self') {
            logger.warn(`inviting ${users.join(', ')} to ${channel}: ${code ?? String(error)}`);
            await post({ channel }, { text: ['I could not invite ', ...users.flatMap((user, index) => [index ? ', ' : '', { person: user }]), ` (${code ?? 'error'}); please add them by hand.`] });
          }
        }
      }
      return { channel, name, url: `https://slack.com/app_redirect?channel=${channel}` };
    },
  };
}

async function createChannel(client: SlackClient, base: string): Promise<{ channel: string; name: string }> {
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const name = attempt === 1 ? base : withSuffix(base, `-${attempt}`);
    try {
      const created = await client.conversations.create({ name, is_private: false });
      if (created.channel?.id) return { channel: created.channel.id, name: created.channel.name ?? name };
    } catch (error) {
      if (slackErrorCode(error) !== 'name_taken') throw error;
    }
  }
  throw new Error(`could not find a free channel name for ${base}`);
}

/** The channel opsbot opened for an incident, read from the store (for other front ends, e.g. the webhook receiver). */
export function incidentChannelOf(kv: KvRepository, incidentId: string): Promise<IncidentChannelRecord | undefined> {
  return incidentRoomOf(kv, incidentId);
}
