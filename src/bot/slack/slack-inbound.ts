import type { InboundClick, InboundMessage } from '../conversation/port.js';

// Edits, joins, deletions and the like are not someone talking to opsbot.
const SPOKEN_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/** What one verified Slack request asks of opsbot: messages and clicks in the port's words. */
export interface SlackInbound {
  messages: InboundMessage[];
  clicks: InboundClick[];
  /** The event id, for dropping Slack's redeliveries. */
  eventId?: string;
  /** A url_verification challenge to echo back. */
  challenge?: string;
}

/**
 * Translates a verified Events API or interactivity body: mentions and direct messages from people (never from
 * bots, so two bots cannot talk each other into a loop), and button clicks (`block_actions`).
 */
export function translateSlackRequest(rawBody: string, contentType: string, botUserId: string | undefined): SlackInbound {
  const inbound: SlackInbound = { messages: [], clicks: [] };
  if (contentType.includes('application/json')) {
    const body = parse(rawBody);
    if (body.type === 'url_verification' && typeof body.challenge === 'string') return { ...inbound, challenge: body.challenge };
    if (body.type !== 'event_callback' || !isRecord(body.event)) return inbound;
    const message = messageOf(body.event, botUserId);
    return { ...inbound, messages: message ? [message] : [], ...(typeof body.event_id === 'string' ? { eventId: body.event_id } : {}) };
  }
  const payload = new URLSearchParams(rawBody).get('payload');
  if (!payload) return inbound;
  const body = parse(payload);
  if (body.type !== 'block_actions' || !isRecord(body.user) || typeof body.user.id !== 'string') return inbound;
  const container = isRecord(body.container) ? body.container : {};
  const channel = stringOf(isRecord(body.channel) ? body.channel.id : undefined) ?? stringOf(container.channel_id);
  const message = isRecord(body.message) ? body.message : {};
  const ts = stringOf(message.ts) ?? stringOf(container.message_ts);
  if (!channel || !ts) return inbound;
  const thread = stringOf(message.thread_ts) ?? stringOf(container.thread_ts);
  for (const action of Array.isArray(body.actions) ? body.actions : []) {
    if (!isRecord(action) || action.type !== 'button' || typeof action.action_id !== 'string' || typeof action.value !== 'string') continue;
    inbound.clicks.push({ platform: 'slack', actionId: action.action_id, value: action.value, clicker: body.user.id, message: { channel, id: ts, ...(thread ? { thread } : {}) } });
  }
  return inbound;
}

function messageOf(event: Record<string, unknown>, botUserId: string | undefined): InboundMessage | undefined {
  const author = stringOf(event.user);
  const channel = stringOf(event.channel);
  const ts = stringOf(event.ts);
  if (!author || !channel || !ts || event.bot_id || !SPOKEN_SUBTYPES.has(event.subtype as string | undefined) || author === botUserId) return undefined;
  const direct = event.type === 'message' && event.channel_type === 'im';
  if (event.type !== 'app_mention' && !direct) return undefined;
  const thread = stringOf(event.thread_ts) ?? ts;
  return { platform: 'slack', channel, thread, messageId: ts, author, text: plainOf(String(event.text ?? ''), botUserId), direct };
}

/** Slack's text with opsbot's own mention taken out and its three escapes undone. */
function plainOf(text: string, botUserId: string | undefined): string {
  const withoutMention = botUserId ? text.replaceAll(`<@${botUserId}>`, '') : text.replace(/^\s*<@[UW][A-Z0-9]+>/, '');
  return withoutMention.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim();
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
