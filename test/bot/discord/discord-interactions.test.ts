import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationHandlers, InboundClick, InboundMessage } from '../../../src/bot/conversation/port.js';
import { discordHarness, type DiscordHarness } from '../../support/discord/discord-harness.js';

describe('Discord interactions endpoint', () => {
  let harness: DiscordHarness;
  const inbound: { messages: InboundMessage[]; clicks: InboundClick[] } = { messages: [], clicks: [] };
  const handlers: ConversationHandlers = {
    message: async (message) => void inbound.messages.push(message),
    click: async (click) => void inbound.clicks.push(click),
  };

  beforeEach(async () => {
    inbound.messages = [];
    inbound.clicks = [];
    harness = await discordHarness();
  });
  afterEach(async () => {
    await harness.port.stop();
    await harness.close();
  });

  it('answers 401 to a bad, missing, stale or tampered signature, and delivers nothing', async () => {
    await harness.port.start(handlers);
    const { sender } = harness;
    const command = () => sender.command({ user: harness.user, channel: harness.channel, text: 'status' });
    expect((await sender.send(command(), { forge: true })).status).toBe(401);
    expect((await sender.send(command(), { unsigned: true })).status).toBe(401);
    expect((await sender.send(command(), { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    // A body changed after signing: the signature covers every byte.
    const signed = sender.signed(command());
    const tampered = Buffer.from(signed.rawBody.toString('utf8').replace('"status"', '"deploy"'));
    const response = await fetch(sender.endpoint, { method: 'POST', headers: signed.headers as Record<string, string>, body: tampered });
    expect(response.status).toBe(401);
    // A forged PING fails too: Discord's own endpoint check sends those and requires the 401.
    expect((await sender.send(sender.ping(), { forge: true })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(inbound.messages).toEqual([]);
    expect(harness.peer.calls).toEqual([]);
  });

  it('answers a signed PING with PONG', async () => {
    await harness.port.start(handlers);
    expect(await harness.sender.send(harness.sender.ping())).toEqual({ status: 200, body: { type: 1 } });
  });

  it('defers a command at once and runs the handler after the answer', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await harness.port.start({ ...handlers, message: async (message) => (inbound.messages.push(message), held) });
    const answer = await harness.sender.send(harness.sender.command({ user: harness.user, channel: harness.channel, name: 'deploy', text: 'frontend v2.4.0 to staging' }));
    // The handler is still running: the answer did not wait for it.
    expect(answer).toEqual({ status: 200, body: { type: 5 } });
    await expect.poll(() => inbound.messages.length).toBe(1);
    expect(inbound.messages[0]).toMatchObject({ platform: 'discord', author: harness.user, channel: harness.channel, text: 'deploy frontend v2.4.0 to staging', command: true, direct: false });
    // A command typed in a channel is a conversation of its own, as a mention is on Slack.
    expect(inbound.messages[0]!.thread).toBe(inbound.messages[0]!.messageId);
    release();
  });

  it('asks with /opsbot as a mention would, and the answer completes the deferred response', async () => {
    await harness.port.start(handlers);
    await harness.sender.send(harness.sender.command({ user: harness.user, channel: harness.channel, text: 'how is frontend?' }));
    await expect.poll(() => inbound.messages.length).toBe(1);
    const [message] = inbound.messages;
    expect(message).toMatchObject({ text: 'how is frontend?', command: false });
    const answer = await harness.port.post({ channel: message!.channel, thread: message!.thread }, { text: ['frontend is ', { bold: ['NORMAL'] }] });
    expect(harness.peer.callsTo('PATCH', /\/webhooks\/\d+\/[^/]+\/messages\/@original$/)).toHaveLength(1);
    expect(harness.peer.callsTo('POST', /^\/channels\//)).toHaveLength(0);
    expect(harness.peer.messages.get(answer.id)).toMatchObject({ channel_id: harness.channel, content: 'frontend is **NORMAL**' });
    // The deferred response is answered once; the conversation goes on in a thread started from the answer.
    const more = await harness.port.post({ channel: message!.channel, thread: message!.thread }, { text: ['more'] });
    expect(harness.peer.callsTo('POST', new RegExp(`^/channels/${harness.channel}/messages/${answer.id}/threads$`))).toHaveLength(1);
    expect(more).toEqual({ channel: harness.channel, id: more.id, thread: answer.id });
    expect(harness.peer.messages.get(more.id)?.channel_id).toBe(answer.id);
  });

  it('answers each of two commands in one channel in its own response, whichever is answered first', async () => {
    await harness.port.start(handlers);
    const other = harness.peer.newId();
    await harness.sender.send(harness.sender.command({ user: harness.user, channel: harness.channel, text: 'first question' }));
    await harness.sender.send(harness.sender.command({ user: other, channel: harness.channel, text: 'second question' }));
    await expect.poll(() => inbound.messages.length).toBe(2);
    const [first, second] = inbound.messages;
    await harness.port.post({ channel: harness.channel, thread: second!.thread }, { text: ['answer to the second'] });
    await harness.port.post({ channel: harness.channel, thread: first!.thread }, { text: ['answer to the first'] });
    const byToken = new Map([...harness.peer.messages.values()].map((message) => [message.interactionToken, message.content]));
    const tokens = harness.peer.callsTo('PATCH', /@original$/).map((call) => call.path.split('/')[3]);
    expect(tokens).toHaveLength(2);
    expect(byToken.get(tokens[0])).toBe('answer to the second');
    expect(byToken.get(tokens[1])).toBe('answer to the first');
    expect(harness.peer.interactionUser(tokens[0]!)).toBe(other);
    expect(harness.peer.interactionUser(tokens[1]!)).toBe(harness.user);
  });

  it("posts in the channel when a conversation's thread is unknown (an answer from before a restart)", async () => {
    const reply = await harness.port.post({ channel: harness.channel, thread: harness.peer.newId() }, { text: ['late answer'] });
    expect(reply).toEqual({ channel: harness.channel, id: reply.id });
    expect(harness.peer.messages.get(reply.id)?.channel_id).toBe(harness.channel);
  });

  it('ends the "thinking…" with a notice when the handler fails, and reports the error', async () => {
    const errors: unknown[] = [];
    await harness.close();
    harness = await discordHarness({ onError: (error) => void errors.push(error) });
    await harness.port.start({ ...handlers, message: async () => Promise.reject(new Error('router exploded')) });
    await harness.sender.send(harness.sender.command({ user: harness.user, channel: harness.channel, text: 'status' }));
    await expect.poll(() => errors.length).toBe(1);
    expect(harness.peer.callsTo('PATCH', /\/messages\/@original$/)).toHaveLength(1);
    expect([...harness.peer.messages.values()].map((message) => message.content)).toEqual([expect.stringContaining('Something went wrong')]);
  });

  it('reads a command in a DM with the bot as direct, its author from `user`', async () => {
    await harness.port.start(handlers);
    const dm = harness.peer.newId();
    await harness.sender.send(harness.sender.directCommand({ user: harness.user, channel: dm, text: 'who is on call?' }));
    await expect.poll(() => inbound.messages.length).toBe(1);
    expect(inbound.messages[0]).toMatchObject({ author: harness.user, channel: dm, direct: true, command: false, text: 'who is on call?' });
  });

  it('reads a command typed in a thread as the parent channel and the thread, and answers there', async () => {
    const root = await harness.port.post({ channel: harness.channel }, { text: ['incident'] });
    await harness.port.post({ channel: harness.channel, thread: root.id }, { text: ['thread opened'] });
    await harness.port.start(handlers);
    await harness.sender.send(harness.sender.command({ user: harness.user, channel: harness.channel, thread: root.id, text: 'status' }));
    await expect.poll(() => inbound.messages.length).toBe(1);
    expect(inbound.messages[0]).toMatchObject({ channel: harness.channel, thread: root.id });
    const answer = await harness.port.post({ channel: harness.channel, thread: root.id }, { text: ['in the thread'] });
    expect(harness.peer.messages.get(answer.id)?.channel_id).toBe(root.id);
  });

  it('acknowledges a click with a deferred update and delivers the clicker and the button', async () => {
    await harness.port.start(handlers);
    const posted = await harness.port.post({ channel: harness.channel }, { fallback: 'approve?', sections: [{ text: ['approve?'] }], buttons: [{ actionId: 'opsbot_approve', label: 'Approve', value: 'act_7', style: 'primary' }] });
    const customId = harness.peer.messages.get(posted.id)!.components[0]!.components[0]!.custom_id!;
    const answer = await harness.sender.send(harness.sender.click({ user: harness.user, channel: harness.channel, messageId: posted.id, customId }));
    expect(answer).toEqual({ status: 200, body: { type: 6 } });
    await expect.poll(() => inbound.clicks.length).toBe(1);
    expect(inbound.clicks[0]).toEqual({ platform: 'discord', actionId: 'opsbot_approve', value: 'act_7', clicker: harness.user, message: { channel: harness.channel, id: posted.id } });
  });

  it('tells the person who acted privately as an ephemeral follow-up, clearing a pending "thinking…" first', async () => {
    await harness.port.start(handlers);
    await harness.sender.send(harness.sender.command({ user: harness.user, channel: harness.channel, name: 'deploy', text: 'frontend v2 to production' }));
    await expect.poll(() => inbound.messages.length).toBe(1);
    await harness.port.tellPrivately({ channel: harness.channel }, harness.user, { text: ['you may not deploy to production'] });
    const told = [...harness.peer.messages.values()].filter((message) => message.content.includes('you may not deploy'));
    // Discord makes the first follow-up after a deferral complete it, public; so the deferral is deleted first.
    expect(harness.peer.callsTo('DELETE', /\/messages\/@original$/)).toHaveLength(1);
    expect(told).toHaveLength(1);
    expect(told[0]!.ephemeralTo).toBe(harness.user);
    expect(harness.peer.callsTo('POST', /^\/users\/@me\/channels$/)).toHaveLength(0);
  });

  it('tells someone who has not acted lately by DM', async () => {
    const stranger = harness.peer.newId();
    await harness.port.tellPrivately({ channel: harness.channel }, stranger, { text: ['your approval expired'] });
    const dm = harness.peer.callsTo('POST', /^\/users\/@me\/channels$/);
    expect(dm.map((call) => call.body)).toEqual([{ recipient_id: stranger }]);
    expect((await harness.messages()).find((message) => message.text.includes('expired'))?.visibleTo).toBe(stranger);
  });
});
