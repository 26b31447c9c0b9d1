import type { InboundClick, InboundMessage } from '../conversation/port.js';

/** A Bot Framework activity as Teams sends it to the messaging endpoint; only the fields opsbot reads. */
export interface TeamsActivity {
  type: string;
  id?: string;
  name?: string;
  channelId?: string;
  serviceUrl?: string;
  text?: string;
  replyToId?: string;
  from?: { id?: string; aadObjectId?: string; name?: string };
  recipient?: { id?: string; name?: string };
  conversation?: { id?: string; conversationType?: string; tenantId?: string };
  entities?: Array<{ type?: string; text?: string; mentioned?: { id?: string } }>;
  value?: { action?: { type?: string; verb?: string; data?: { value?: unknown } } };
}

/** The invoke name Teams uses for a click on an `Action.Execute` button (Universal Actions). */
export const CARD_ACTION_INVOKE = 'adaptiveCard/action';

/** A Teams conversation id split into the channel and the reply chain root (`19:…@thread.tacv2;messageid=…`). */
export function splitConversationId(conversationId: string): { channel: string; thread?: string } {
  const at = conversationId.indexOf(';messageid=');
  return at < 0 ? { channel: conversationId } : { channel: conversationId.slice(0, at), thread: conversationId.slice(at + ';messageid='.length) };
}

/** Whether a conversation is a team channel, where replies form reply chains (chats have none). */
export function hasReplyChains(channel: string): boolean {
  return /@thread\.(tacv2|skype)$/.test(channel);
}

/** The verified author: the Entra object id people are mapped by (`people.<id>.ids.teams`), else the Teams user id. */
function authorOf(activity: TeamsActivity): string | undefined {
  return activity.from?.aadObjectId ?? activity.from?.id;
}

/** A message activity as an inbound message, opsbot's own `<at>` mention removed; undefined when it is not one. */
export function inboundMessageOf(activity: TeamsActivity): InboundMessage | undefined {
  const author = authorOf(activity);
  if (activity.type !== 'message' || !activity.id || !activity.conversation?.id || !author) return undefined;
  const { channel, thread } = splitConversationId(activity.conversation.id);
  return {
    platform: 'teams',
    channel,
    thread: thread ?? activity.replyToId ?? activity.id,
    messageId: activity.id,
    author,
    text: withoutBotMention(activity),
    direct: activity.conversation.conversationType === 'personal',
  };
}

/** An `adaptiveCard/action` invoke as a click; undefined when it is not one (or carries no verb). */
export function inboundClickOf(activity: TeamsActivity): InboundClick | undefined {
  const clicker = authorOf(activity);
  const action = activity.value?.action;
  if (activity.type !== 'invoke' || activity.name !== CARD_ACTION_INVOKE || !clicker || !activity.conversation?.id) return undefined;
  if (action?.type !== 'Action.Execute' || !action.verb) return undefined;
  const { channel, thread } = splitConversationId(activity.conversation.id);
  const value = action.data?.value;
  return {
    platform: 'teams',
    actionId: action.verb,
    value: typeof value === 'string' ? value : '',
    clicker,
    // The card's own activity id is the invoke's replyToId.
    message: { channel, id: activity.replyToId ?? '', ...(thread && thread !== activity.replyToId ? { thread } : {}) },
  };
}

function withoutBotMention(activity: TeamsActivity): string {
  let text = activity.text ?? '';
  for (const entity of activity.entities ?? []) {
    if (entity.type === 'mention' && entity.mentioned?.id === activity.recipient?.id && entity.text) text = text.split(entity.text).join('');
  }
  return text.replace(/&nbsp;/g, ' ').replace(/ {2,}/g, ' ').trim();
}
