import { conversationPortContract } from '../../support/conversation/port-contract.js';
import { MemoryPort, shownText } from '../../support/conversation/memory-port.js';
import { isCard } from '../../../src/bot/conversation/card.js';

// The in-memory platform the front-end tests drive is itself held to the contract every adapter meets.
conversationPortContract('memory', async () => {
  const port = new MemoryPort('mattermost', { secret: 'memory-secret', refused: ['refused-channel'] });
  const request = (signature: string) => ({ method: 'POST', path: '/', headers: { 'x-memory-signature': signature }, rawBody: Buffer.from('{"hello":1}') });
  return {
    port,
    channel: 'town-square',
    refusedChannel: 'refused-channel',
    user: 'mm-user-1',
    async messages() {
      return port.messages.map((message) => ({ channel: message.channel, id: message.id, ...(message.thread ? { thread: message.thread } : {}), text: shownText(message), buttons: isCard(message.content) ? (message.content.buttons ?? []).map(({ actionId, value, label }) => ({ actionId, value, label })) : [], ...(message.visibleTo ? { visibleTo: message.visibleTo } : {}) }));
    },
    async files() {
      return port.files.map((entry) => ({ channel: entry.channel, thread: entry.thread, filename: entry.file.filename, bytes: entry.file.bytes }));
    },
    // Like Teams, the in-memory platform has no pin.
    pinned: async () => [],
    async openedChannels() {
      return port.channels;
    },
    async sendMessage({ author, text, thread }) {
      await port.say({ author, text, channel: 'town-square', ...(thread ? { thread } : {}) });
    },
    async sendClick({ message, actionId, clicker }) {
      const held = port.messages.find((entry) => entry.id === message.id)!;
      await port.click(held, actionId, clicker);
    },
    async signedRequest() {
      return request(port.sign(Buffer.from('{"hello":1}')));
    },
    async forgedRequest() {
      return request(port.sign(Buffer.from('{"hello":1}'), 'not-the-secret'));
    },
    rateLimitNext: (seconds) => port.rateLimitNext(seconds),
    async close() {},
  };
});
