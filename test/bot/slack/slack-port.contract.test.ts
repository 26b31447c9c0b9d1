import { SlackPort } from '../../../src/bot/slack/slack-port.js';
import { describe, expect, it } from 'vitest';
import { conversationPortContract, type ConversationHarness, type PeerMessage } from '../../support/conversation/port-contract.js';
import { FakeSlackApi, rateLimited, SlackRequestSender, type StoredMessage } from '../../support/fake-slack-api.js';
import { blockActionPayload, eventCallback, newEventId } from '../../support/slack-payloads.js';

const SIGNING_SECRET = 'contract-signing-secret-5e1d';
const CHANNEL = 'C0OPS';
const REFUSED = 'C0ELSEWHERE';

conversationPortContract('slack', async (): Promise<ConversationHarness> => {
  const fake = await new FakeSlackApi({ notInChannel: [REFUSED] }).start();
  const port = new SlackPort({ botToken: 'xoxb-contract-token', apiUrl: fake.apiUrl, signingSecret: SIGNING_SECRET, listen: { host: '127.0.0.1', port: 0 } });
  let sender: SlackRequestSender | undefined;
  const senderFor = async () => {
    if (sender) return sender;
    // The receiver listens once the test started the port; the contract starts it before sending.
    const address = port.listening();
    if (!address) throw new Error('the Slack port is not listening');
    sender = new SlackRequestSender(`http://127.0.0.1:${address.port}/slack/events`, SIGNING_SECRET);
    return sender;
  };
  const signed = (rawBody: string, signature?: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signer = new SlackRequestSender('http://127.0.0.1:1/', SIGNING_SECRET);
    return { method: 'POST', path: '/slack/events', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature ?? signer.sign(rawBody, Number(timestamp)) }, rawBody: Buffer.from(rawBody) };
  };
  return {
    port,
    channel: CHANNEL,
    refusedChannel: REFUSED,
    user: 'U00ALICE',
    async messages(): Promise<PeerMessage[]> {
      const posted = [...fake.messages.values()].map((message) => peerMessage(message));
      return [...posted, ...fake.ephemerals.map((message) => ({ ...peerMessage(message), visibleTo: message.user }))];
    },
    async files() {
      return [...fake.uploads.values()].filter((upload) => upload.completed && upload.bytes).map((upload) => ({ channel: upload.completed!.channel, thread: upload.completed!.threadTs, filename: upload.filename, bytes: upload.bytes! }));
    },
    async pinned() {
      return fake.pinned.map((pin) => pin.ts);
    },
    async openedChannels() {
      return fake.createdChannels.map((channel) => ({ id: channel.id, name: channel.name, members: channel.members }));
    },
    async sendMessage({ author, text, thread }) {
      const ts = `${Math.floor(Date.now() / 1000)}.000100`;
      const event = { type: 'app_mention', user: author, text: `<@U0BOT> ${text}`, ts, channel: CHANNEL, team: 'T0TEAM', ...(thread ? { thread_ts: thread } : {}) };
      const answer = await (await senderFor()).event(event);
      if (answer.status !== 200) throw new Error(`Slack event refused: ${answer.status}`);
    },
    async sendClick({ message, actionId, value, clicker }) {
      const answer = await (await senderFor()).blockAction({ userId: clicker, actionId, value, channelId: message.channel, messageTs: message.id, threadTs: message.thread, responseUrl: fake.responseUrl('click') });
      if (answer.status !== 200) throw new Error(`Slack click refused: ${answer.status}`);
    },
    async signedRequest() {
      return signed(JSON.stringify(eventCallback({ type: 'app_mention', user: 'U00ALICE', text: '<@U0BOT> hi', ts: '1.1', channel: CHANNEL }, newEventId())));
    },
    async forgedRequest() {
      const body = new URLSearchParams({ payload: JSON.stringify(blockActionPayload({ userId: 'U00ALICE', actionId: 'opsbot_approve', value: 'act_contract', channelId: CHANNEL, messageTs: '1.1', responseUrl: fake.responseUrl() })) }).toString();
      const forger = new SlackRequestSender('http://127.0.0.1:1/', 'not-the-signing-secret');
      return signed(body, forger.sign(body, Math.floor(Date.now() / 1000)));
    },
    rateLimitNext(retryAfterSeconds) {
      fake.script('chat.postMessage', rateLimited(retryAfterSeconds));
    },
    async close() {
      sender?.close();
      await fake.close();
    },
  };
});

/** A stored Slack message in the contract's words: its text and every block's text, its buttons. */
function peerMessage(message: StoredMessage): PeerMessage {
  const texts = [message.text];
  const buttons: PeerMessage['buttons'] = [];
  for (const block of (message.blocks ?? []) as Array<Record<string, unknown>>) {
    const text = block.text as { text?: string } | undefined;
    if (text?.text) texts.push(text.text);
    for (const field of (block.fields ?? []) as Array<{ text?: string }>) if (field.text) texts.push(field.text);
    for (const element of (block.elements ?? []) as Array<Record<string, unknown>>) {
      if (element.type === 'button') buttons.push({ actionId: String(element.action_id), value: String(element.value), label: String((element.text as { text?: string } | undefined)?.text ?? '') });
      else if (typeof element.text === 'string') texts.push(element.text);
    }
  }
  return { channel: message.channel, id: message.ts, ...(message.threadTs ? { thread: message.threadTs } : {}), text: texts.join('\n'), buttons };
}

describe('Slack port: request freshness', () => {
  const port = new SlackPort({ botToken: 'xoxb-contract-token', apiUrl: 'http://127.0.0.1:1/api/', signingSecret: SIGNING_SECRET });
  const signer = new SlackRequestSender('http://127.0.0.1:1/', SIGNING_SECRET);
  const request = (timestamp: number) => {
    const rawBody = '{"type":"event_callback"}';
    return { method: 'POST', path: '/slack/events', headers: { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signer.sign(rawBody, timestamp) }, rawBody: Buffer.from(rawBody) };
  };
  const now = Math.floor(Date.now() / 1000);

  it('refuses a correctly signed request stamped more than five minutes ago or ahead', async () => {
    expect(await port.verify(request(now))).toBe(true);
    expect(await port.verify(request(now - 6 * 60))).toBe(false);
    expect(await port.verify(request(now + 6 * 60))).toBe(false);
  });

  it('refuses everything without a signing secret', async () => {
    const unsigned = new SlackPort({ botToken: 'xoxb-contract-token', apiUrl: 'http://127.0.0.1:1/api/' });
    expect(await unsigned.verify(request(now))).toBe(false);
  });
});
