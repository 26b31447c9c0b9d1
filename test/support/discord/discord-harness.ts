import { DiscordPort, type DiscordPortOptions } from '../../../src/bot/discord/discord-port.js';
import { decodeCustomId } from '../../../src/bot/discord/custom-id.js';
import type { ConversationHandlers } from '../../../src/bot/conversation/port.js';
import type { ConversationHarness, PeerMessage } from '../conversation/port-contract.js';
import { FakeDiscordApi } from './fake-discord-api.js';
import { InteractionSender } from './interaction-sender.js';
import type { PeerStoredMessage } from './discord-wire.js';

export const APPLICATION_ID = '1180000000000000001';
export const BOT_TOKEN = 'MTE4MDAwMDAwMDAwMDAwMDAwMQ.Gx1yZa.discord-bot-token-for-tests';
const VIEW_CHANNEL = 1n << 10n;

/** The Discord adapter wired to its loopback peer and a signed-interaction sender, with the contract's view of the peer. */
export interface DiscordHarness extends ConversationHarness {
  port: DiscordPort;
  peer: FakeDiscordApi;
  sender: InteractionSender;
}

/** Starts the peer and an adapter pointed at it; the adapter's interactions endpoint is known once `port.start` ran. */
export async function discordHarness(options: Partial<DiscordPortOptions> = {}): Promise<DiscordHarness> {
  const peer = await new FakeDiscordApi({ botToken: BOT_TOKEN, applicationId: APPLICATION_ID }).start();
  const sender = new InteractionSender(peer, APPLICATION_ID);
  const channel = peer.addChannel('ops');
  const refusedChannel = peer.addChannel('finance', { refused: true });
  const user = peer.newId();

  // The endpoint is where the adapter listens, told to the sender as Discord is told the endpoint URL.
  class ListeningPort extends DiscordPort {
    override async start(handlers: ConversationHandlers): Promise<{ port?: number; address?: string }> {
      const started = await super.start(handlers);
      sender.endpoint = `http://127.0.0.1:${started.port}/discord/interactions`;
      return started;
    }
  }
  const port = new ListeningPort({ applicationId: APPLICATION_ID, publicKey: sender.publicKeyHex, botToken: BOT_TOKEN, apiUrl: peer.apiUrl, port: 0, host: '127.0.0.1', ...options });

  return {
    port,
    peer,
    sender,
    channel,
    refusedChannel,
    user,
    messages: async () => [...peer.messages.values()].map((message) => peerMessage(peer, message)),
    files: async () =>
      [...peer.messages.values()].flatMap((message) => {
        const place = placeOf(peer, message.channel_id);
        return message.attachments.map((file) => ({ ...place, filename: file.filename, bytes: file.bytes }));
      }),
    pinned: async () => [...peer.messages.values()].filter((message) => message.pinned).map((message) => message.id),
    openedChannels: async () =>
      [...peer.channels.values()]
        .filter((made) => made.permission_overwrites)
        .map((made) => ({
          id: made.id,
          name: made.name ?? '',
          members: made.permission_overwrites!.filter((overwrite) => overwrite.type === 1 && (BigInt(overwrite.allow) & VIEW_CHANNEL) !== 0n).map((overwrite) => overwrite.id),
        })),
    sendMessage: async ({ author, text, thread }) => {
      const answer = await sender.send(sender.command({ user: author, channel, text, thread }));
      if (answer.status !== 200) throw new Error(`interaction refused: ${answer.status}`);
    },
    sendClick: async ({ message, actionId, value, clicker }) => {
      // A click carries the custom_id of the button as it is on the message, as Discord sends it.
      const stored = peer.messages.get(message.id);
      const button = stored?.components.flatMap((row) => row.components).find((component) => {
        const decoded = component.custom_id ? decodeCustomId(component.custom_id) : undefined;
        return decoded?.actionId === actionId && decoded.value === value;
      });
      if (!stored || !button?.custom_id) throw new Error(`no button ${actionId}:${value} on message ${message.id}`);
      const place = placeOf(peer, stored.channel_id);
      const answer = await sender.send(sender.click({ user: clicker, channel: place.channel, thread: place.thread, messageId: stored.id, customId: button.custom_id }));
      if (answer.status !== 200) throw new Error(`interaction refused: ${answer.status}`);
    },
    signedRequest: async () => sender.signed(sender.ping()),
    forgedRequest: async () => sender.signed(sender.ping(), { forge: true }),
    rateLimitNext: (seconds) => peer.rateLimitNext(seconds),
    close: () => peer.close(),
  };
}

/** A thread's messages are in the thread channel; the contract speaks of the parent channel and the thread. */
function placeOf(peer: FakeDiscordApi, channelId: string): { channel: string; thread?: string } {
  const channel = peer.channels.get(channelId);
  return channel?.parent_id ? { channel: channel.parent_id, thread: channel.id } : { channel: channelId };
}

function peerMessage(peer: FakeDiscordApi, message: PeerStoredMessage): PeerMessage {
  const channel = peer.channels.get(message.channel_id);
  const texts = [message.content, ...message.embeds.flatMap((embed) => [embed.title, embed.description, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]), embed.footer?.text])];
  const buttons = message.components.flatMap((row) => row.components).flatMap((component) => {
    const decoded = component.custom_id ? decodeCustomId(component.custom_id) : undefined;
    return decoded ? [{ ...decoded, label: component.label ?? '' }] : [];
  });
  const visibleTo = message.ephemeralTo ?? (channel?.type === 1 ? channel.recipients?.[0] : undefined);
  return { ...placeOf(peer, message.channel_id), id: message.id, text: texts.filter(Boolean).join('\n'), buttons, ...(visibleTo ? { visibleTo } : {}) };
}
