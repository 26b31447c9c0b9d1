import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Card } from '../../../src/bot/conversation/card.js';
import type { ConversationHandlers, ConversationPort, InboundClick, InboundMessage, InboundRequest, PostedRef } from '../../../src/bot/conversation/port.js';
import { SendFailure } from '../../../src/bot/outbox/card-sender.js';

/** A message as the platform peer holds it, in the same words for every platform. */
export interface PeerMessage {
  channel: string;
  id: string;
  /** The thread (root message id) it is in, if any. */
  thread?: string;
  /** Every text of the message or card as the platform would show it, markup and all. */
  text: string;
  buttons: Array<{ actionId: string; value: string; label: string }>;
  /** The user it is visible to, when it was told privately (ephemeral, or a DM to them). */
  visibleTo?: string;
}

/**
 * What the contract needs of a loopback peer written from a platform's documented wire format: what it holds, and
 * inbound traffic the way the platform sends it (signed, tokened or with a JWT).
 */
export interface ConversationHarness {
  port: ConversationPort;
  /** A channel the bot is a member of. */
  channel: string;
  /** A channel the platform refuses posts to (not a member, no permission): a person must act. */
  refusedChannel: string;
  /** A platform user id the peer knows. */
  user: string;
  messages(): Promise<PeerMessage[]>;
  files(): Promise<Array<{ channel: string; thread?: string; filename: string; bytes: Buffer }>>;
  /** The ids of the messages pinned through the port (none where the port has no pin). */
  pinned(): Promise<string[]>;
  /** Channels opened through the port, with their members' platform ids. */
  openedChannels(): Promise<Array<{ id: string; name: string; members: string[] }>>;
  /** The peer sends a message from `author` to opsbot, as the platform would (a mention in `channel`). */
  sendMessage(input: { author: string; text: string; thread?: string }): Promise<void>;
  /** The peer sends a click on a button of a posted message, as the platform would. */
  sendClick(input: { message: PostedRef; actionId: string; value: string; clicker: string }): Promise<void>;
  /** An inbound request exactly as the platform signs it, and one with a forged or missing signature. */
  signedRequest(): Promise<InboundRequest>;
  forgedRequest(): Promise<InboundRequest>;
  /** The peer answers the next send with the platform's rate-limit response, asking for this wait. */
  rateLimitNext(retryAfterSeconds: number): void;
  close(): Promise<void>;
}

const card: Card = {
  fallback: 'Approval needed: deploy frontend v2.4.0 to production',
  tone: 'warning',
  sections: [
    { id: 'title', text: [{ icon: 'approval' }, ' ', { bold: ['Approval needed:'] }, ' deploy frontend ', { code: 'v2.4.0' }] },
    { id: 'details', fields: [{ label: 'Environment', value: ['production'] }, { label: 'Service', value: [{ code: 'frontend' }] }] },
  ],
  context: ['Requested by ', { person: 'U00LEAD' }, ' · ', { code: 'act_contract' }],
  buttons: [
    { actionId: 'opsbot_approve', label: 'Approve', value: 'act_contract', style: 'primary' },
    { actionId: 'opsbot_reject', label: 'Reject', value: 'act_contract', style: 'danger' },
  ],
};

/** The conversation port's contract: every chat adapter runs it against its loopback peer. */
export function conversationPortContract(name: string, makeHarness: () => Promise<ConversationHarness>): void {
  describe(`conversation port contract: ${name}`, () => {
    let harness: ConversationHarness;
    const inbound: { messages: InboundMessage[]; clicks: InboundClick[] } = { messages: [], clicks: [] };
    const handlers: ConversationHandlers = {
      message: async (message) => void inbound.messages.push(message),
      click: async (click) => void inbound.clicks.push(click),
    };

    beforeEach(async () => {
      inbound.messages = [];
      inbound.clicks = [];
      harness = await makeHarness();
    });
    afterEach(async () => {
      await harness.port.stop();
      await harness.close();
    });

    it('posts a card with its text, facts and buttons', async () => {
      const posted = await harness.port.post({ channel: harness.channel }, card);
      expect(posted.channel).toBe(harness.channel);
      const held = (await harness.messages()).filter((message) => message.id === posted.id);
      expect(held).toHaveLength(1);
      expect(held[0]!.text).toContain('Approval needed');
      expect(held[0]!.text).toContain('v2.4.0');
      expect(held[0]!.text).toContain('Environment');
      expect(held[0]!.text).toContain('production');
      expect(held[0]!.buttons.map((button) => [button.actionId, button.value])).toEqual([
        ['opsbot_approve', 'act_contract'],
        ['opsbot_reject', 'act_contract'],
      ]);
    });

    it('replies in the thread of a posted message', async () => {
      const root = await harness.port.post({ channel: harness.channel }, { text: ['root'] });
      const reply = await harness.port.post({ channel: harness.channel, thread: root.id }, { text: ['in the thread'] });
      const held = (await harness.messages()).find((message) => message.id === reply.id);
      expect(held?.thread).toBe(root.id);
      expect(held?.text).toContain('in the thread');
    });

    it('updates a card in place: same message, new text, buttons gone', async () => {
      const posted = await harness.port.post({ channel: harness.channel }, card);
      await harness.port.update(posted, { fallback: 'Approved', sections: [{ text: [{ icon: 'ok' }, ' Approved and ', { bold: ['succeeded'] }] }] });
      const held = (await harness.messages()).filter((message) => message.channel === harness.channel);
      const edited = held.filter((message) => message.id === posted.id);
      expect(edited).toHaveLength(1);
      expect(edited[0]!.text).toContain('succeeded');
      expect(edited[0]!.text).not.toContain('Approval needed');
      expect(edited[0]!.buttons).toEqual([]);
    });

    it('tells one person privately', async () => {
      await harness.port.tellPrivately({ channel: harness.channel }, harness.user, { text: ['only for you'] });
      const held = (await harness.messages()).filter((message) => message.text.includes('only for you'));
      expect(held).toHaveLength(1);
      expect(held[0]!.visibleTo).toBe(harness.user);
    });

    it('uploads a file into a thread', async () => {
      const root = await harness.port.post({ channel: harness.channel }, { text: ['chart below'] });
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      await harness.port.upload({ channel: harness.channel, thread: root.id }, { bytes: png, filename: 'frontend.png', mimeType: 'image/png', title: 'frontend' });
      const files = await harness.files();
      expect(files).toHaveLength(1);
      expect(files[0]!.filename).toBe('frontend.png');
      expect(files[0]!.bytes.equals(png)).toBe(true);
      expect(files[0]!.channel).toBe(harness.channel);
    });

    it('opens a channel and invites people', async () => {
      const opened = await harness.port.openChannel('inc-42-checkout', { topic: 'checkout errors', invite: [harness.user] });
      const channels = await harness.openedChannels();
      const made = channels.find((channel) => channel.id === opened.channel);
      expect(made?.name).toContain('inc-42-checkout');
      expect(made?.members).toContain(harness.user);
      // The new room takes posts at once.
      const posted = await harness.port.post({ channel: opened.channel }, { text: ['briefing'] });
      expect((await harness.messages()).some((message) => message.id === posted.id && message.channel === opened.channel)).toBe(true);
    });

    it('pins the posted message where the platform lets a bot pin; else has no pin', async () => {
      const posted = await harness.port.post({ channel: harness.channel }, { text: ['briefing'] });
      await harness.port.post({ channel: harness.channel }, { text: ['not pinned'] });
      if (!harness.port.pin) {
        expect(await harness.pinned()).toEqual([]);
        return;
      }
      await harness.port.pin(posted);
      expect(await harness.pinned()).toEqual([posted.id]);
    });

    it('accepts a request the platform signed and refuses a forged one', async () => {
      expect(await harness.port.verify(await harness.signedRequest())).toBe(true);
      expect(await harness.port.verify(await harness.forgedRequest())).toBe(false);
    });

    it('delivers an inbound message with its verified author and thread', async () => {
      await harness.port.start(handlers);
      await harness.sendMessage({ author: harness.user, text: 'status frontend' });
      await expect.poll(() => inbound.messages.length).toBe(1);
      const [message] = inbound.messages;
      expect(message!.author).toBe(harness.user);
      expect(message!.text).toBe('status frontend');
      expect(message!.channel).toBe(harness.channel);
      expect(message!.thread).toBeTruthy();
    });

    it('delivers a click with its verified clicker and the button value', async () => {
      await harness.port.start(handlers);
      const posted = await harness.port.post({ channel: harness.channel }, card);
      await harness.sendClick({ message: posted, actionId: 'opsbot_approve', value: 'act_contract', clicker: harness.user });
      await expect.poll(() => inbound.clicks.length).toBe(1);
      expect(inbound.clicks[0]).toMatchObject({ actionId: 'opsbot_approve', value: 'act_contract', clicker: harness.user });
      expect(inbound.clicks[0]!.message.id).toBe(posted.id);
    });

    it('loses nothing to a rate limit: the post lands after the wait, or fails as rate_limited with the wait', async () => {
      harness.rateLimitNext(1);
      let failure: unknown;
      const posted = await harness.port.post({ channel: harness.channel }, { text: ['after the wait'] }).catch((error: unknown) => {
        failure = error;
        return undefined;
      });
      if (posted) {
        expect((await harness.messages()).filter((message) => message.text.includes('after the wait'))).toHaveLength(1);
      } else {
        expect(failure).toBeInstanceOf(SendFailure);
        expect((failure as SendFailure).kind).toBe('rate_limited');
        expect((failure as SendFailure).retryAfterMs).toBeGreaterThanOrEqual(1000);
      }
    });

    it('says a person must act when the platform refuses the channel', async () => {
      const failure = await harness.port.post({ channel: harness.refusedChannel }, { text: ['nobody sees this'] }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SendFailure);
      expect((failure as SendFailure).kind).toBe('needs_person');
    });
  });
}
