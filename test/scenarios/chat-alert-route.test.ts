import { afterEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/bot/webhooks/start-webhooks.js';
import { createChatPorts } from '../../src/bot/start-chat-platforms.js';
import { alertmanagerBody } from '../bot/webhooks/webhook-harness.js';
import { testOpsbot } from '../support/test-opsbot.js';
import { eventually, fleetLogger, startChatFleet, startChatPeers, type ChatFleet, type ChatPeers } from './chat-fleet.js';

const AM_TOKEN = 'am-test-token-5d1f0c9e7b2a';

let peers: ChatPeers | undefined;
let opsbot: Awaited<ReturnType<typeof testOpsbot>> | undefined;
let receiver: WebhookReceiver | undefined;
let fleet: ChatFleet | undefined;

afterEach(async () => {
  await fleet?.stop();
  await receiver?.stop();
  await opsbot?.cleanup();
  await peers?.close();
  fleet = receiver = opsbot = peers = undefined;
});

describe('an Alertmanager alert routed to a Mattermost channel', () => {
  it('is posted there by the Mattermost adapter and updated in place, buttons gone, when it resolves', async () => {
    peers = await startChatPeers();
    const channel = peers.mattermost.addChannel('alerts-frontend');
    const env = { ...peers.env, AM_TOKEN };
    opsbot = await testOpsbot({
      overrides: {
        ...peers.overrides,
        webhooks: { port: 0, alertmanager: { token: 'env:AM_TOKEN' } },
        notifications: { routes: [{ match: { service: 'frontend' }, channel: `mattermost:${channel}` }], defaultChannel: 'C0ALERTS' },
      },
      env,
    });
    // As `opsbot start` wires it: the receiver sends through the chat ports, whose front ends then start without an outbox of their own.
    const logs: string[] = [];
    const ports = await createChatPorts(opsbot.config, env, fleetLogger(logs));
    const quiet = () => undefined;
    receiver = await startWebhookReceiver(opsbot, { env, senders: ports, logger: { debug: quiet, info: quiet, warn: (...line: unknown[]) => void logs.push(`warn ${line.join(' ')}`), error: (...line: unknown[]) => void logs.push(`error ${line.join(' ')}`) }, listen: { host: '127.0.0.1', port: 0 }, sweepIntervalMs: 3_600_000 });
    const f = (fleet = await startChatFleet(opsbot, peers, { ports, outbox: false }));
    const alertmanager = async (body: unknown) => {
      const response = await fetch(`http://127.0.0.1:${receiver!.port}/hooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${AM_TOKEN}` }, body: JSON.stringify(body) });
      expect(response.status).toBe(202);
      await receiver!.idle();
    };
    const inChannel = () => [...peers!.mattermost.posts.values()].filter((post) => post.channel_id === channel);

    await alertmanager(alertmanagerBody({ alerts: [{ severity: 'warning' }] }));
    const card = await eventually(f, () => inChannel()[0], 'the alert card in the Mattermost channel');
    expect(card.user_id).toBe(peers.mattermost.bot.id);
    expect(peers.mattermost.shownText(card)).toMatch(/HighErrorRate/);
    expect(peers.mattermost.shownText(card)).toMatch(/Error rate above 5% for 5 minutes/);
    expect(peers.mattermost.shownText(card)).toMatch(/Firing/);
    // The buttons call back the Mattermost adapter of this process.
    const buttons = peers.mattermost.buttons(card);
    expect(buttons.map((button) => button.name)).toEqual(['Silence 1h', 'Runbook', 'Declare incident', 'Page on-call']);
    expect(new Set(buttons.map((button) => button.url))).toEqual(new Set([`http://127.0.0.1:${f.platforms.frontEnds[1]!.port}/mattermost/action`]));

    await alertmanager(alertmanagerBody({ status: 'resolved', alerts: [{ severity: 'warning', status: 'resolved', endsAt: '2026-12-01T09:20:00Z' }] }));
    await eventually(f, () => /Resolved/i.test(peers!.mattermost.shownText(card)), 'the card resolved');
    // The same post, edited: nothing left to act on (the runbook link stays, as on Slack).
    expect(inChannel().map((post) => post.id)).toEqual([card.id]);
    expect(peers.mattermost.requests.filter((request) => request.method === 'PUT' && request.path === `/posts/${card.id}/patch`)).toHaveLength(1);
    expect(peers.mattermost.shownText(card)).not.toMatch(/Firing/);
    expect(peers.mattermost.buttons(card).map((button) => button.name)).toEqual(['Runbook']);
    // Nothing went anywhere else: no Slack token, no other route.
    expect(logs.filter((line) => line.startsWith('error'))).toEqual([]);
  });
});
