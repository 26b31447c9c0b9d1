/**
 * Activities as Teams sends them to a bot's messaging endpoint (Bot Framework Activity schema, Teams channel data):
 * a channel message that @mentions the bot, and the `adaptiveCard/action` invoke of an `Action.Execute` click.
 */

/** Who the activity is from and where; ids in Teams' own forms. */
export interface ActivityContext {
  serviceUrl: string;
  appId: string;
  tenantId: string;
  channel: string;
  /** The Entra object id of the person. */
  aadObjectId: string;
  botName?: string;
}

let sequence = 1_765_000_000_000;
/** Teams message ids are millisecond timestamps. */
export function nextMessageId(): string {
  sequence += 1;
  return String(sequence);
}

function common(context: ActivityContext, conversationId: string) {
  return {
    channelId: 'msteams',
    serviceUrl: context.serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${context.aadObjectId}-teams`, aadObjectId: context.aadObjectId, name: 'A Person' },
    recipient: { id: `28:${context.appId}`, name: context.botName ?? 'opsbot' },
    conversation: { id: conversationId, conversationType: 'channel', tenantId: context.tenantId, isGroup: true },
    channelData: { tenant: { id: context.tenantId }, channel: { id: context.channel }, team: { id: context.channel } },
  };
}

/** A message in a channel mentioning the bot: a new post, or a reply in the reply chain of `thread`. */
export function channelMessage(context: ActivityContext, input: { text: string; thread?: string; id?: string }): Record<string, unknown> {
  const id = input.id ?? nextMessageId();
  const botName = context.botName ?? 'opsbot';
  const mention = `<at>${botName}</at>`;
  return {
    type: 'message',
    id,
    ...common(context, `${context.channel};messageid=${input.thread ?? id}`),
    ...(input.thread ? { replyToId: input.thread } : {}),
    text: `${mention} ${input.text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: mention, mentioned: { id: `28:${context.appId}`, name: botName } }],
  };
}

/** A click on an `Action.Execute` button of the card `cardId`, as the Universal Actions invoke. */
export function cardActionInvoke(context: ActivityContext, input: { cardId: string; thread?: string; verb: string; value: string }): Record<string, unknown> {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `f:${nextMessageId()}`,
    ...common(context, `${context.channel};messageid=${input.thread ?? input.cardId}`),
    replyToId: input.cardId,
    value: { action: { type: 'Action.Execute', verb: input.verb, data: { value: input.value } }, trigger: 'manual' },
  };
}
