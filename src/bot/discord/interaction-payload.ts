import type { InboundClick, InboundMessage } from '../conversation/port.js';
import { decodeCustomId } from './custom-id.js';

/** Interaction types (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-type). */
export const INTERACTION = { ping: 1, command: 2, component: 3 } as const;
/** Interaction callback types: PONG, deferred channel message, deferred update of the clicked message. */
export const CALLBACK = { pong: 1, deferredMessage: 5, deferredUpdate: 6 } as const;
/** The command that stands in for a mention: Discord delivers plain messages only over the gateway. */
export const ASK_COMMAND = 'opsbot';

/** The parts of an interaction opsbot reads. */
export interface Interaction {
  id: string;
  application_id: string;
  type: number;
  token: string;
  guild_id?: string;
  channel_id?: string;
  channel?: { id: string; type: number; parent_id?: string | null };
  member?: { user: { id: string } };
  user?: { id: string };
  data?: { name?: string; options?: Array<{ name: string; type: number; value?: unknown }>; custom_id?: string; component_type?: number };
  message?: { id: string; channel_id: string };
}

const THREAD_TYPES = new Set([10, 11, 12]);
const DIRECT_TYPES = new Set([1, 3]);

/** The user who acted: `member.user` in a server, `user` in a DM. Both come inside the signed body. */
export function actorOf(interaction: Interaction): string | undefined {
  return interaction.member?.user.id ?? interaction.user?.id;
}

/** Channel and thread of an interaction: in a thread, the parent channel and the thread's own id. */
export function placeOf(interaction: Interaction): { channel: string; thread?: string } | undefined {
  const id = interaction.channel_id ?? interaction.channel?.id;
  if (!id) return undefined;
  const parent = interaction.channel?.parent_id;
  if (interaction.channel && THREAD_TYPES.has(interaction.channel.type) && parent) return { channel: parent, thread: id };
  return { channel: id };
}

/**
 * A slash command as an inbound message. As a mention does on Slack, a command typed in a channel starts its own
 * conversation (its thread is the interaction's id, and the answer's replies go into a thread started from the
 * answer); typed in a thread, it continues that thread's conversation. `/opsbot text:…` asks as a mention would
 * (the agent, or the router offline); a per-group command (`/deploy text:frontend v2 to staging`) is a classic command for the router.
 */
export function messageOf(interaction: Interaction): InboundMessage | undefined {
  const author = actorOf(interaction);
  const place = placeOf(interaction);
  const name = interaction.data?.name;
  if (!author || !place || !name) return undefined;
  const text = interaction.data?.options?.find((option) => option.name === 'text')?.value;
  const words = typeof text === 'string' ? text.trim() : '';
  const ask = name === ASK_COMMAND;
  return {
    platform: 'discord',
    channel: place.channel,
    thread: place.thread ?? interaction.id,
    messageId: interaction.id,
    author,
    text: ask ? words : `${name} ${words}`.trim(),
    direct: DIRECT_TYPES.has(interaction.channel?.type ?? -1) || !interaction.guild_id,
    command: !ask,
  };
}

/** A button click, when the button is one opsbot made. */
export function clickOf(interaction: Interaction): InboundClick | undefined {
  const clicker = actorOf(interaction);
  const button = interaction.data?.custom_id ? decodeCustomId(interaction.data.custom_id) : undefined;
  const place = placeOf(interaction);
  if (!clicker || !button || !interaction.message || !place) return undefined;
  return { platform: 'discord', ...button, clicker, message: { channel: place.channel, id: interaction.message.id, ...(place.thread ? { thread: place.thread } : {}) } };
}
