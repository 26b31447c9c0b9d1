import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundClick, InboundMessage } from '../../../src/bot/conversation/port.js';
import { signAction } from '../../../src/bot/mattermost/action-signature.js';
import { verifyInbound } from '../../../src/bot/mattermost/inbound-requests.js';
import { ACTION_SECRET, COMMAND_TOKEN, mattermostSetup, type MattermostSetup } from '../../support/mattermost/mattermost-harness.js';
import { clickButton, sendSlashCommand } from '../../support/mattermost/mattermost-integration-calls.js';

const approvalCard = {
  fallback: 'Approval needed',
  sections: [{ text: ['Approval needed'] }],
  buttons: [{ actionId: 'opsbot_approve', label: 'Approve', value: 'act_1', style: 'primary' as const }],
};

describe('Mattermost inbound: slash commands and button clicks', () => {
  let setup: MattermostSetup;
  const seen: { messages: InboundMessage[]; clicks: InboundClick[] } = { messages: [], clicks: [] };

  beforeEach(async () => {
    seen.messages = [];
    seen.clicks = [];
    setup = await mattermostSetup();
    await setup.port.start({ message: async (message) => void seen.messages.push(message), click: async (click) => void seen.clicks.push(click) });
  });
  afterEach(async () => {
    await setup.port.stop();
    await setup.server.close();
  });

  it('answers a slash command at once, privately, then echoes it and hands over its thread as a command', async () => {
    const answer = await sendSlashCommand(setup.server, { url: setup.inboundUrl('/mattermost/command'), token: COMMAND_TOKEN, user: setup.user, channel: setup.channel, text: 'deploy frontend v2.4.0 to production' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ response_type: 'ephemeral' });
    await expect.poll(() => seen.messages.length).toBe(1);
    const message = seen.messages[0]!;
    expect(message).toMatchObject({ platform: 'mattermost', channel: setup.channel, author: setup.user, text: 'deploy frontend v2.4.0 to production', command: true, direct: false });
    const root = setup.server.posts.get(message.thread);
    expect(root?.channel_id).toBe(setup.channel);
    expect(root?.message).toContain('@lead');
    expect(root?.message).toContain('/opsbot deploy frontend v2.4.0 to production');
  });

  it('refuses a slash command with a wrong token: 401, nothing echoed, nothing delivered', async () => {
    const answer = await sendSlashCommand(setup.server, { url: setup.inboundUrl('/mattermost/command'), token: 'mm-command-token-guess1', user: setup.user, channel: setup.channel, text: 'rollback frontend' });
    expect(answer.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.messages).toEqual([]);
    expect(setup.server.posts.size).toBe(0);
  });

  it('refuses a form with the right token when its Authorization header names another', async () => {
    const body = new URLSearchParams({ channel_id: setup.channel, user_id: setup.user, text: 'rollback frontend', token: COMMAND_TOKEN });
    const response = await fetch(setup.inboundUrl('/mattermost/command'), { method: 'POST', headers: { authorization: 'Token not-the-command-token', 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    expect(response.status).toBe(401);
    expect(seen.messages).toEqual([]);
  });

  it('delivers a click whose context carries the signature opsbot gave the button', async () => {
    const posted = await setup.port.post({ channel: setup.channel }, approvalCard);
    const answer = await clickButton(setup.server, { postId: posted.id, actionId: 'opsbot_approve', user: setup.user });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({});
    await expect.poll(() => seen.clicks.length).toBe(1);
    expect(seen.clicks[0]).toEqual({ platform: 'mattermost', actionId: 'opsbot_approve', value: 'act_1', clicker: setup.user, message: { channel: setup.channel, id: posted.id } });
  });

  it('says which thread a clicked card is in, so the answer can go there', async () => {
    const root = await setup.port.post({ channel: setup.channel }, { text: ['deploy frontend to production'] });
    const posted = await setup.port.post({ channel: setup.channel, thread: root.id }, approvalCard);
    await clickButton(setup.server, { postId: posted.id, actionId: 'opsbot_approve', user: setup.user });
    await expect.poll(() => seen.clicks.length).toBe(1);
    expect(seen.clicks[0]!.message).toEqual({ channel: setup.channel, id: posted.id, thread: root.id });
    // Mattermost refuses a reply's id as a thread root; the thread's root is accepted.
    const clicked = seen.clicks[0]!.message;
    await setup.port.post({ channel: setup.channel, thread: clicked.thread ?? clicked.id }, { text: ['approved'] });
  });

  it('refuses forged clicks with 401 and delivers none: no signature, a guessed one, a signature moved to another value, another key', async () => {
    const posted = await setup.port.post({ channel: setup.channel }, approvalCard);
    const genuine = setup.server.buttons(setup.server.posts.get(posted.id)!)[0]!.context;
    const forgeries = [
      { action_id: 'opsbot_approve', value: 'act_1' },
      { action_id: 'opsbot_approve', value: 'act_1', sig: '0'.repeat(64) },
      { action_id: 'opsbot_approve', value: 'act_other', sig: genuine.sig },
      { action_id: 'opsbot_reject', value: 'act_1', sig: genuine.sig },
      { action_id: 'opsbot_approve', value: 'act_1', sig: signAction('not-the-action-secret', 'opsbot_approve', 'act_1') },
    ];
    for (const context of forgeries) {
      const answer = await clickButton(setup.server, { postId: posted.id, actionId: 'opsbot_approve', user: setup.user, context });
      expect(answer.status).toBe(401);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.clicks).toEqual([]);
    // The genuine context still works: the refusals were about the signature, not the route.
    expect(genuine.sig).toBe(signAction(ACTION_SECRET, 'opsbot_approve', 'act_1'));
  });

  it('accepts nothing when a secret is empty, even a request whose token is empty too', () => {
    const rawBody = Buffer.from(new URLSearchParams({ channel_id: setup.channel, user_id: setup.user, text: 'x', token: '' }).toString());
    const request = { method: 'POST', path: '/mattermost/command', headers: {}, rawBody };
    expect(verifyInbound(request, { commandToken: '', actionSecret: ACTION_SECRET })).toBe(false);
    expect(verifyInbound({ ...request, rawBody: Buffer.from(new URLSearchParams({ channel_id: setup.channel, user_id: setup.user, text: 'x', token: COMMAND_TOKEN }).toString()) }, { commandToken: COMMAND_TOKEN, actionSecret: ACTION_SECRET })).toBe(true);
  });

  it('answers 404 off its two paths and 405 to anything but POST', async () => {
    expect((await fetch(setup.inboundUrl('/mattermost/elsewhere'), { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(setup.inboundUrl('/mattermost/action'))).status).toBe(405);
  });
});
