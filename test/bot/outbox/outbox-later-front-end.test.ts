import { LogLevel } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { RedactingLogger } from '../../../src/bot/slack/redacting-logger.js';
import { startSlackFrontEnd } from '../../../src/bot/slack/slack-front-end.js';
import { startWebhookReceiver } from '../../../src/bot/webhooks/start-webhooks.js';
import { FakeSlackApi } from '../../support/fake-slack-api.js';
import { testOpsbot } from '../../support/test-opsbot.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../slack/slack-harness.js';
import { alertmanagerBody, ALERTMANAGER_TOKEN, CHANNELS, ENV, webhookOverrides } from '../webhooks/webhook-harness.js';

describe('outbox: events received before any chat front end', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('keeps the cards while only the webhook receiver runs, says why first, and posts them when Slack starts', async () => {
    const fake = await new FakeSlackApi().start();
    cleanups.push(() => fake.close());
    const opsbot = await testOpsbot({ overrides: webhookOverrides(), env: {} });
    cleanups.push(() => opsbot.cleanup());
    const logs: string[] = [];
    const log = (level: string) => (...message: unknown[]) => logs.push(`${level} ${message.map(String).join(' ')}`);
    // No SLACK_BOT_TOKEN in its environment: the receiver alone, with nothing to post through.
    const receiver = await startWebhookReceiver(opsbot, { env: ENV, listen: { host: '127.0.0.1', port: 0 }, logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }, sweepIntervalMs: 3_600_000 });
    cleanups.push(() => receiver.stop());
    const post = (body: unknown) => fetch(`http://127.0.0.1:${receiver.port}/hooks/alertmanager`, { method: 'POST', headers: { authorization: `Bearer ${ALERTMANAGER_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(alertmanagerBody())).status).toBe(202);
    expect((await post(alertmanagerBody({ groupKey: '{}:{alertname="PaymentsDown"}', alerts: [{ name: 'PaymentsDown', service: 'payments', fingerprint: 'p1' }] }))).status).toBe(202);
    await receiver.idle();

    expect(fake.calls).toHaveLength(0);
    expect((await opsbot.outbox.list(['pending'])).map((row) => row.channel)).toEqual([CHANNELS.fallback, CHANNELS.payments]);
    expect(logs.find((line) => line.startsWith('warn'))).toContain('SLACK_BOT_TOKEN is not set');
    expect(logs.some((line) => line.includes('unrouted'))).toBe(false);
    expect(logs.filter((line) => line.includes('kept in the outbox until it starts'))).toHaveLength(2);

    const frontEnd = await startSlackFrontEnd(opsbot, new CommandRouter(opsbot.gateway, opsbot.config), {
      settings: { mode: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, apiUrl: fake.apiUrl },
      router: new CommandRouter(opsbot.gateway, opsbot.config),
      logger: new RedactingLogger(LogLevel.ERROR, () => undefined),
      listen: { host: '127.0.0.1', port: 0 },
      sweepIntervalMs: 3_600_000,
      watchIntervalMs: 3_600_000,
    });
    cleanups.push(() => frontEnd.stop());
    await fake.waitFor(() => fake.messages.size === 2, 10_000);
    await frontEnd.idle();
    const posted = [...fake.messages.values()].map((message) => [message.channel, message.text.split(' (')[0]]);
    expect(posted).toEqual([
      [CHANNELS.fallback, 'Firing: HighErrorRate'],
      [CHANNELS.payments, 'Firing: PaymentsDown'],
    ]);
    expect(await opsbot.outbox.list(['pending'])).toEqual([]);
  });
});
