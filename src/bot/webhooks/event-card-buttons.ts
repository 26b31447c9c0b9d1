import type { Config } from '../../config/schema.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { KvRepository } from '../../store/kv-repository.js';
import type { ApprovalCards } from '../conversation/approval-cards.js';
import type { OtherButtons } from '../conversation/chat-clicks.js';
import type { ConversationPort, InboundClick } from '../conversation/port.js';
import { EVENT_ACTION_IDS } from './alert-card.js';
import { type EventCardClick, EventCardClicks } from './event-card-clicks.js';

const ACTION_IDS: ReadonlySet<string> = new Set(Object.values(EVENT_ACTION_IDS));

/**
 * The buttons of event cards on a chat front end (Teams, Mattermost, Discord): a click, its clicker already mapped
 * to a person, becomes that person's request through the gateway, answered on the clicked platform and with any
 * approval card posted there, exactly as on Slack.
 */
export function eventCardButtons(deps: { gateway: Gateway; kv: KvRepository; config: Pick<Config, 'services' | 'teams'> }): (context: { port: ConversationPort; cards: ApprovalCards }) => OtherButtons {
  return ({ port, cards }) => {
    const clicks = new EventCardClicks({ chat: port, gateway: deps.gateway, cards, kv: deps.kv, config: deps.config });
    return {
      actionIds: ACTION_IDS,
      handle: (click, person) => clicks.handle(eventCardClick(click, person)),
    };
  };
}

function eventCardClick(click: InboundClick, person: string): EventCardClick {
  return {
    actionId: click.actionId as EventCardClick['actionId'],
    ref: click.value,
    user: person,
    clicker: click.clicker,
    platform: click.platform,
    channel: click.message.channel,
    messageTs: click.message.id,
    ...(click.message.thread ? { threadTs: click.message.thread } : {}),
  };
}
