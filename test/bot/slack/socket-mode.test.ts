import { LogLevel } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { CARD_ACTION_IDS } from '../../../src/bot/presenter/block-kit.js';
import { RedactingLogger } from '../../../src/bot/slack/redacting-logger.js';
import { type SlackFrontEnd, startSlackFrontEnd } from '../../../src/bot/slack/slack-front-end.js';
import { readSlackSettings } from '../../../src/bot/slack/slack-settings.js';
import { FakeSlackApi } from '../../support/fake-slack-api.js';
import { FakeSlackSocket } from '../../support/fake-slack-socket.js';
import { testOpsbot } from '../../support/test-opsbot.js';
import { BOT_TOKEN, CHANNEL, mention } from './slack-harness.js';

const APP_TOKEN = 'xapp-1-A0OPSBOT-1234-loopback-app-token';
// Generous: a loaded two-core machine runs several of these suites at once.
const POLL = { timeout: 15_000, interval: 25 };

interface SocketHarness {
  fake: FakeSlackApi;
  socket: FakeSlackSocket;
  opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  frontEnd: SlackFrontEnd;
  logs: string[];
  stopped: boolean;
}

let harness: SocketHarness | undefined;
afterEach(async () => {
  if (harness && !harness.stopped) await harness.frontEnd.stop();
  await harness?.socket.close();
  await harness?.fake.close();
  await harness?.opsbot.cleanup();
  harness = undefined;
});

/** The Slack front end in Socket Mode, configured from the environment as `opsbot slack` is, against loopback fakes. */
async function socketHarness(): Promise<SocketHarness> {
  const fake = await new FakeSlackApi().start();
  const socket = await new FakeSlackSocket(fake, { appToken: APP_TOKEN }).start();
  const opsbot = await testOpsbot();
  const settings = readSlackSettings({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl });
  if (settings?.mode !== 'socket') throw new Error('expected Socket Mode settings');
  const logs: string[] = [];
  const router = new CommandRouter(opsbot.gateway, opsbot.config);
  const frontEnd = await startSlackFrontEnd(opsbot, router, {
    settings,
    router,
    logger: new RedactingLogger(LogLevel.INFO, (_level, line) => logs.push(line)),
    sweepIntervalMs: 3_600_000,
    minEditIntervalMs: 50,
  });
  return (harness = { fake, socket, opsbot, frontEnd, logs, stopped: false });
}

describe('Slack in Socket Mode', () => {
  it('connects with the app token through SLACK_API_URL, acks a mention envelope and answers in its thread', async () => {
    const h = await socketHarness();
    const [open] = h.fake.callsOf('apps.connections.open');
    expect(open?.token).toBe(APP_TOKEN);
    expect(h.socket.openConnections).toBe(1);

    const threadTs = '1780001000.000100';
    const ack = await h.socket.event(mention('U00VIEWER', 'status frontend', threadTs));
    expect(h.socket.acks.map((entry) => entry.envelope_id)).toEqual([ack.envelope_id]);
    expect(ack.payload ?? {}).toEqual({});

    await expect.poll(() => h.fake.thread(CHANNEL, threadTs).map((message) => message.text), POLL).toEqual([expect.stringMatching(/^frontend \(production\) (NORMAL|DEGRADED|DOWN) · v/)]);
    await h.frontEnd.idle();
    // The bot token, not the app token, posts the answer.
    expect(h.fake.callsOf('chat.postMessage').every((call) => call.token === BOT_TOKEN)).toBe(true);
  });

  it('handles a redelivered event (retry_attempt) once', async () => {
    const h = await socketHarness();
    const event = mention('U00LEAD', 'status api', '1780001001.000100');
    await h.socket.event(event, { eventId: 'Ev0SOCKETRETRY' });
    await h.socket.event(event, { eventId: 'Ev0SOCKETRETRY', retryAttempt: 1 });
    expect(h.socket.acks).toHaveLength(2);
    await expect.poll(() => h.fake.thread(CHANNEL, '1780001001.000100').length, POLL).toBe(1);
    await h.frontEnd.idle();
    expect(h.fake.thread(CHANNEL, '1780001001.000100')).toHaveLength(1);
  });

  it('acks a slash command envelope at once and answers in the channel', async () => {
    const h = await socketHarness();
    const ack = await h.socket.command({ command: '/status', text: 'frontend', userId: 'U00VIEWER', channelId: CHANNEL, responseUrl: h.fake.responseUrl('status') });
    expect(h.socket.acks.at(-1)?.envelope_id).toBe(ack.envelope_id);
    await expect
      .poll(() => [...h.fake.messages.values()].find((message) => !message.threadTs)?.text, POLL)
      .toMatch(/^<@U00VIEWER> `\/status frontend`\nfrontend \(production\) (NORMAL|DEGRADED|DOWN) · v/);
    await h.frontEnd.idle();
  });

  it('runs an approval clicked through interactive envelopes once, however often it is clicked', async () => {
    const h = await socketHarness();
    const threadTs = '1780001002.000100';
    await h.socket.event(mention('U00LEAD', 'deploy frontend v2.4.0 to production', threadTs));
    await expect.poll(() => h.fake.thread(CHANNEL, threadTs).some((message) => message.blocks), POLL).toBe(true);
    const card = h.fake.thread(CHANNEL, threadTs).find((message) => message.blocks)!;
    await h.frontEnd.idle();
    const [action] = await h.opsbot.gateway.listActions(1, { states: ['proposed'] });
    expect(action).toBeDefined();

    const click = () =>
      h.socket.blockAction({ userId: 'U00LEAD2', actionId: CARD_ACTION_IDS.approve, value: action!.id, channelId: CHANNEL, messageTs: card.ts, threadTs, responseUrl: h.fake.responseUrl('click') });
    const acks = await Promise.all([click(), click()]);
    expect(new Set(acks.map((ack) => ack.envelope_id)).size).toBe(2);

    await expect.poll(async () => (await h.opsbot.gateway.getAction(action!.id))?.state, POLL).toBe('succeeded');
    await h.frontEnd.idle();
    const deploys = (await h.opsbot.backends.deploys.history('frontend', 'production', 20)).filter((deploy) => deploy.version === 'v2.4.0');
    expect(deploys).toHaveLength(1);
    expect(await h.opsbot.gateway.getAction(action!.id)).toMatchObject({ decidedBy: 'U00LEAD2' });
  });

  it('stops cleanly: closes its WebSocket with a normal close and leaves nothing connected', async () => {
    const h = await socketHarness();
    const connection = await h.socket.connected();
    await h.socket.event(mention('U00VIEWER', 'status auth', '1780001003.000100'));
    await expect.poll(() => h.fake.thread(CHANNEL, '1780001003.000100').length, POLL).toBe(1);

    await h.frontEnd.stop();
    h.stopped = true;
    expect(connection.closeCodes).toEqual([1000]);
    await expect.poll(() => h.socket.openConnections, POLL).toBe(0);
    expect(h.logs.join('\n')).not.toContain(APP_TOKEN);
  });
});
