import { afterEach, describe, expect, it } from 'vitest';
import { retryDeliveries } from '../../../src/cli/commands/deliveries.js';
import { rateLimited, serverError } from '../../support/fake-slack-api.js';
import { alertmanagerBody, CHANNELS, webhookHarness, type WebhookHarness } from '../webhooks/webhook-harness.js';

const postsTo = (h: WebhookHarness, channel: string) => [...h.fake.messages.values()].filter((message) => message.channel === channel && !message.threadTs);
const paymentsAlert = (fingerprint = 'pay1') => alertmanagerBody({ groupKey: `{}:{alertname="PaymentsDown",fp="${fingerprint}"}`, alerts: [{ name: 'PaymentsDown', service: 'payments', fingerprint }] });

describe('outbox: every card reaches its channel or says why', () => {
  let h: WebhookHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('posts exactly one card after Slack answered 429 (Retry-After) and then 500', async () => {
    h = await webhookHarness();
    h.fake.script('chat.postMessage', rateLimited(2), serverError(500));
    expect((await h.alertmanager(alertmanagerBody())).status).toBe(202);
    await h.fake.waitFor(() => postsTo(h!, CHANNELS.fallback).length > 0, 20_000);
    await h.receiver.idle();
    expect(h.fake.callsOf('chat.postMessage').map((call) => call.args.channel)).toEqual([CHANNELS.fallback, CHANNELS.fallback, CHANNELS.fallback]);
    expect(postsTo(h, CHANNELS.fallback)).toHaveLength(1);
    expect(postsTo(h, CHANNELS.fallback)[0]!.text).toContain('Firing: HighErrorRate');
    expect((await h.opsbot.outbox.stats()).byState).toMatchObject({ sent: 1, pending: 0, sending: 0, blocked: 0, failed: 0 });
    // The same notification again (Alertmanager's retry) is a duplicate, and the card it already has stays one.
    expect(await (await h.alertmanager(alertmanagerBody())).text).toContain('"duplicates":1');
    await h.receiver.idle();
    expect(postsTo(h, CHANNELS.fallback)).toHaveLength(1);
  });

  it('joins a public channel it is not in, then posts the card there', async () => {
    h = await webhookHarness({ fake: { notInChannel: [CHANNELS.payments] } });
    await h.alertmanager(paymentsAlert());
    await h.fake.waitFor(() => postsTo(h!, CHANNELS.payments).length > 0, 10_000);
    expect(h.fake.callsOf('conversations.join').map((call) => call.args.channel)).toEqual([CHANNELS.payments]);
    expect(postsTo(h, CHANNELS.payments)).toHaveLength(1);
    expect(postsTo(h, CHANNELS.fallback)).toHaveLength(0);
  });

  it('keeps cards for a private channel as blocked, tells the default channel once, and posts them after deliveries retry', async () => {
    h = await webhookHarness({ fake: { notInChannel: [CHANNELS.payments], privateChannels: [CHANNELS.payments] } });
    await h.alertmanager(paymentsAlert('pay1'));
    await h.alertmanager(paymentsAlert('pay2'));
    await h.fake.waitFor(() => postsTo(h!, CHANNELS.fallback).length > 0, 10_000);
    await h.receiver.idle();
    const blocked = await h.opsbot.outbox.list(['blocked']);
    expect(blocked.map((row) => [row.channel, row.reason])).toEqual([
      [CHANNELS.payments, 'not_in_channel'],
      [CHANNELS.payments, 'not_in_channel'],
    ]);
    const notices = postsTo(h, CHANNELS.fallback);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain(`${CHANNELS.payments} (not_in_channel)`);
    expect(notices[0]!.text).toContain('opsbot deliveries retry');
    expect(postsTo(h, CHANNELS.payments)).toHaveLength(0);

    h.fake.invite(CHANNELS.payments);
    expect(await retryDeliveries(h.opsbot)).toBe(2);
    await h.fake.waitFor(() => postsTo(h!, CHANNELS.payments).length === 2, 10_000);
    await h.receiver.idle();
    expect(postsTo(h, CHANNELS.payments).map((message) => message.text)).toEqual([expect.stringContaining('PaymentsDown'), expect.stringContaining('PaymentsDown')]);
    expect(postsTo(h, CHANNELS.fallback)).toHaveLength(1);
    expect(await h.opsbot.outbox.list(['blocked', 'failed', 'pending'])).toEqual([]);
  });

  it('logs an error instead of a notice when the blocked channel is the notice channel itself', async () => {
    h = await webhookHarness({ fake: { notInChannel: [CHANNELS.fallback], privateChannels: [CHANNELS.fallback] } });
    await h.alertmanager(alertmanagerBody());
    await h.fake.waitFor(() => h!.receiverLogs.some((line) => line.startsWith('error') && line.includes('outbox')) || h!.logs.some((line) => line.includes('outbox') && line.includes('not_in_channel')), 10_000);
    await h.receiver.idle();
    expect(h.fake.messages.size).toBe(0);
    expect(await h.opsbot.outbox.list(['blocked'])).toMatchObject([{ channel: CHANNELS.fallback, reason: 'not_in_channel', purpose: 'alert-card' }]);
    expect(await h.opsbot.outbox.list(['pending'])).toEqual([]);
  });

  it('sends what was blocked on a channel once a later post there succeeds', async () => {
    h = await webhookHarness({ fake: { notInChannel: [CHANNELS.payments], privateChannels: [CHANNELS.payments] } });
    await h.alertmanager(paymentsAlert('pay1'));
    await h.fake.waitFor(() => postsTo(h!, CHANNELS.fallback).length > 0, 10_000);
    await h.receiver.idle();
    h.fake.invite(CHANNELS.payments);
    await h.alertmanager(paymentsAlert('pay2'));
    await h.fake.waitFor(() => postsTo(h!, CHANNELS.payments).length === 2, 10_000);
    expect(await h.opsbot.outbox.list(['blocked'])).toEqual([]);
  });
});

describe('outbox: a delivery whose handler died before recording its outcome', () => {
  let h: WebhookHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('is handled again by the next sweep (once, across replicas), and its card posted', async () => {
    h = await webhookHarness();
    const body = alertmanagerBody({ groupKey: '{}:{alertname="DiskFull"}', alerts: [{ name: 'DiskFull', fingerprint: 'disk1' }] });
    // What a process killed right after its 202 leaves behind: the delivery taken, with its body, and no outcome.
    const { alertmanagerSource, dedupeKey } = await import('../../../src/bot/webhooks/alertmanager-source.js');
    const parsed = alertmanagerSource('x'.repeat(16), h.receiver.alertCards).parse({ body: Buffer.from(JSON.stringify(body)), headers: {} });
    if (!('deliveries' in parsed)) throw new Error('expected a delivery');
    const [entry] = parsed.deliveries;
    const { DeliveryLog } = await import('../../../src/bot/webhooks/delivery-log.js');
    const deadProcess = new DeliveryLog(h.opsbot.store, h.opsbot.outbox, () => new Date(Date.now() - 5 * 60_000));
    expect(await deadProcess.firstDelivery('alertmanager', entry!.key, entry!.identity, entry!.delivery)).toBe(true);
    expect(entry!.key).toBe(dedupeKey(entry!.delivery));

    // Alertmanager's retry of it is a duplicate: the card must come from the stored delivery.
    expect(await (await h.alertmanager(body)).text).toContain('"duplicates":1');
    await h.receiver.sweep();
    await h.fake.waitFor(() => postsTo(h!, CHANNELS.fallback).length > 0, 10_000);
    await h.receiver.idle();
    expect(postsTo(h, CHANNELS.fallback).filter((message) => message.text.includes('DiskFull'))).toHaveLength(1);
    expect(await h.receiver.deliveries.get('alertmanager', entry!.key)).toMatchObject({ outcome: 'queued' });

    // Two replicas sweeping at once: one of them takes a stranded delivery.
    expect(await deadProcess.firstDelivery('alertmanager', 'stranded', entry!.identity, entry!.delivery)).toBe(true);
    const replicas = [new DeliveryLog(h.opsbot.store, h.opsbot.outbox), new DeliveryLog(h.opsbot.store, h.opsbot.outbox)];
    const taken = await Promise.all(replicas.map((replica) => replica.unhandled()));
    expect(taken.flat().map((delivery) => delivery.key)).toEqual(['stranded']);
  });
});
