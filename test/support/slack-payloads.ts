/** The workspace a payload claims to come from; the defaults match the fake Web API's. */
export interface SlackIdentity {
  teamId?: string;
  botUserId?: string;
  appId?: string;
}

/** The fields of a slash command a test chooses. */
export interface CommandFields {
  command: string;
  text: string;
  userId: string;
  channelId: string;
  responseUrl: string;
}

/** The fields of a button click a test chooses. */
export interface BlockActionFields {
  userId: string;
  actionId: string;
  value: string;
  blockId?: string;
  channelId: string;
  messageTs: string;
  threadTs?: string;
  responseUrl: string;
}

let eventSequence = 0;
let triggerSequence = 0;

/** A fresh trigger id: Slack's are unique per interaction, and opsbot dedupes deliveries by them. */
export function newTriggerId(): string {
  triggerSequence += 1;
  return `${Date.now()}.${triggerSequence}.${Math.random().toString(16).slice(2, 10)}`;
}

/** A fresh Events API event id (`Ev…`). */
export function newEventId(): string {
  eventSequence += 1;
  return `Ev${String(eventSequence).padStart(8, '0')}${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
}

/** An Events API `event_callback` around `event`, as Slack posts it over HTTP and puts in a Socket Mode envelope. */
export function eventCallback(event: Record<string, unknown>, eventId: string, identity: SlackIdentity = {}): Record<string, unknown> {
  const teamId = identity.teamId ?? 'T0TEAM';
  return {
    token: 'legacy-verification-token',
    team_id: teamId,
    api_app_id: identity.appId ?? 'A0OPSBOT',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: identity.botUserId ?? 'U0BOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

/** A slash command's fields, all strings: form-encoded over HTTP, a JSON object in a Socket Mode envelope. */
export function commandPayload(fields: CommandFields, identity: SlackIdentity = {}): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: identity.teamId ?? 'T0TEAM',
    team_domain: 'acme',
    channel_id: fields.channelId,
    channel_name: 'ops',
    user_id: fields.userId,
    user_name: fields.userId.toLowerCase(),
    command: fields.command,
    text: fields.text,
    api_app_id: identity.appId ?? 'A0OPSBOT',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: newTriggerId(),
  };
}

/** A click on a button in a message (`block_actions`): `payload=<json>` over HTTP, the object itself over Socket Mode. */
export function blockActionPayload(fields: BlockActionFields, identity: SlackIdentity = {}): Record<string, unknown> {
  const teamId = identity.teamId ?? 'T0TEAM';
  return {
    type: 'block_actions',
    user: { id: fields.userId, username: fields.userId.toLowerCase(), name: fields.userId.toLowerCase(), team_id: teamId },
    api_app_id: identity.appId ?? 'A0OPSBOT',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: fields.messageTs, channel_id: fields.channelId, is_ephemeral: false, ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}) },
    trigger_id: newTriggerId(),
    team: { id: teamId, domain: 'acme' },
    channel: { id: fields.channelId, name: 'ops' },
    message: { type: 'message', user: identity.botUserId ?? 'U0BOT', ts: fields.messageTs, text: 'card', ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}) },
    response_url: fields.responseUrl,
    actions: [{ type: 'button', action_id: fields.actionId, block_id: fields.blockId ?? 'opsbot_card_buttons', value: fields.value, text: { type: 'plain_text', text: 'Approve' }, action_ts: `${Date.now() / 1000}` }],
  };
}
