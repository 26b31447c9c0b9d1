import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerAvailable, freePort, startAlertmanager, type AlertmanagerProcess } from '../../support/alertmanager-process.js';
import { ALERTMANAGER_TOKEN, blockText, buttonsOf, CHANNELS, webhookHarness, type WebhookHarness } from './webhook-harness.js';

/** The real Alertmanager (Debian's prometheus-alertmanager) delivering to opsbot's receiver on loopback. */
describe.skipIf(!alertmanagerAvailable())('real Alertmanager → opsbot receiver → Slack card', () => {
  let h: WebhookHarness;
  let alertmanager: AlertmanagerProcess;
  let impostor: AlertmanagerProcess;

  beforeAll(async () => {
    // A fixed port, so Alertmanager's webhook URL stays right across opsbot's restart.
    const port = await freePort();
    h = await webhookHarness({ onDisk: true, port });
    const webhookUrl = `http://127.0.0.1:${port}/hooks/alertmanager`;
    [alertmanager, impostor] = await Promise.all([startAlertmanager({ webhookUrl, token: ALERTMANAGER_TOKEN }), startAlertmanager({ webhookUrl, token: 'wrong-token-0000000000' })]);
  }, 40_000);
  afterAll(async () => {
    await Promise.all([alertmanager?.stop(), impostor?.stop()]);
    await h?.close();
  });

  const critical = (endsAt?: string) => ({
    labels: { alertname: 'PaymentsDown', service: 'frontend', environment: 'production', severity: 'critical' },
    annotations: { summary: 'Checkout returns 503', runbook_url: 'https://runbooks.local/payments-down' },
    startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    ...(endsAt ? { endsAt } : {}),
  });

  it('posts one card for the group, and updates that same card on resolve after an opsbot restart', async () => {
    const labels = critical();
    await alertmanager.postAlerts([labels]);
    const card = await h.fake.waitFor(() => [...h.fake.messages.values()].find((entry) => entry.channel === CHANNELS.critical), 15_000);
    expect(blockText(card.blocks)).toContain('PaymentsDown');
    expect(blockText(card.blocks)).toContain('Checkout returns 503');
    expect(buttonsOf(card.blocks)).toHaveLength(4);

    await h.restartAll();

    await alertmanager.postAlerts([{ ...labels, endsAt: new Date().toISOString() }]);
    await h.fake.waitFor(() => h.fake.message(card.channel, card.ts)?.text.startsWith('Resolved'), 15_000);
    await h.receiver.idle();
    expect(h.fake.callsOf('chat.postMessage').filter((call) => call.args.channel === CHANNELS.critical)).toHaveLength(1);
    expect(h.fake.callsOf('chat.update').some((call) => call.args.ts === card.ts)).toBe(true);
    expect(blockText(h.fake.message(card.channel, card.ts)!.blocks)).not.toMatch(/<@[UW][A-Z0-9]+>/);
  }, 40_000);

  it('refuses an Alertmanager with the wrong token: 401, and no card', async () => {
    await impostor.postAlerts([{ ...critical(), labels: { alertname: 'ImpostorAlert', service: 'api', severity: 'critical' } }]);
    await h.fake.waitFor(() => h.receiverLogs.some((line) => line.includes('refused a delivery')), 15_000);
    await h.receiver.idle();
    expect(JSON.stringify([...h.fake.messages.values()])).not.toContain('ImpostorAlert');
  }, 40_000);
});
