import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardPlainText, type ChatContent, isCard } from '../../../src/bot/conversation/card.js';
import type { Platform } from '../../../src/bot/conversation/platforms.js';
import type { ChatPlace, PostedRef } from '../../../src/bot/conversation/port.js';
import type { ChatCardSender } from '../../../src/bot/outbox/card-sender.js';
import { OutboxWorker } from '../../../src/bot/outbox/outbox-worker.js';
import { ALERT_CARD_PURPOSE, AlertCards, alertCardPosted } from '../../../src/bot/webhooks/alert-cards.js';
import type { GroupNotification } from '../../../src/bot/webhooks/alert-groups.js';
import { KnownThreads } from '../../../src/bot/slack/known-threads.js';
import { testOpsbot } from '../../support/test-opsbot.js';

/** A platform's sender that keeps what it was asked to post and edit, as a chat would show it. */
class RecordingSender implements ChatCardSender {
  readonly messages = new Map<string, { channel: string; content: ChatContent; edits: number }>();
  private next = 0;
  constructor(readonly platform: Platform) {}
  async post(place: ChatPlace, content: ChatContent): Promise<PostedRef> {
    const id = `${this.platform}-msg-${++this.next}`;
    this.messages.set(id, { channel: place.channel, content, edits: 0 });
    return { channel: place.channel, id };
  }
  async update(message: PostedRef, content: ChatContent): Promise<void> {
    const shown = this.messages.get(message.id);
    if (!shown || shown.channel !== message.channel) throw new Error(`no message ${message.id} in ${message.channel}`);
    this.messages.set(message.id, { ...shown, content, edits: shown.edits + 1 });
  }
  async upload(): Promise<void> {
    throw new Error('no files here');
  }
  async join(): Promise<boolean> {
    return true;
  }
  texts(): string[] {
    return [...this.messages.values()].map((message) => (isCard(message.content) ? cardPlainText(message.content) : ''));
  }
}

const MATTERMOST_CHANNEL = 'k8xpaymentsalerts';

function notification(service: string, status: 'firing' | 'resolved'): GroupNotification {
  const alert = { fingerprint: `fp-${service}`, status, name: 'HighErrorRate', service, environment: 'production', severity: 'warning', summary: `errors on ${service}`, startsAt: '2026-12-07T10:00:00Z', ...(status === 'resolved' ? { endsAt: '2026-12-07T10:20:00Z' } : {}) };
  return { groupKey: `{}:{alertname="HighErrorRate", service="${service}"}`, status, receiver: 'opsbot', externalUrl: 'http://alertmanager.local', groupLabels: { alertname: 'HighErrorRate' }, truncatedAlerts: 0, alerts: [alert] };
}

describe('the outbox sends each row through its platform', () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  let cards: AlertCards;
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

  beforeEach(async () => {
    opsbot = await testOpsbot({ overrides: { notifications: { routes: [{ match: { service: 'payments' }, channel: `mattermost:${MATTERMOST_CHANNEL}` }], defaultChannel: 'C0OPS', mentionOnCall: [] } } });
    cards = new AlertCards({ outbox: opsbot.outbox, kv: opsbot.kv, threads: new KnownThreads(opsbot.kv), config: opsbot.config, onCallPrimary: async () => undefined });
  });
  afterEach(async () => opsbot.cleanup());

  /** What an Alertmanager delivery does: the card as it now reads, written to the outbox. */
  const deliver = async (service: string, status: 'firing' | 'resolved') => opsbot.outbox.enqueue((await cards.apply(notification(service, status))).messages ?? []);

  it('posts an alert routed to mattermost:… through the Mattermost sender, edits that same message when it resolves, and keeps Slack routes on Slack', async () => {
    const mattermost = new RecordingSender('mattermost');
    const slack = new RecordingSender('slack');
    const worker = new OutboxWorker({ outbox: opsbot.outbox, senders: [slack, mattermost], logger, effects: { [ALERT_CARD_PURPOSE]: alertCardPosted(opsbot.kv, new KnownThreads(opsbot.kv)) } });

    await deliver('payments', 'firing');
    await deliver('frontend', 'firing');
    const [row] = await opsbot.outbox.list(['pending']);
    expect(row).toMatchObject({ channel: `mattermost:${MATTERMOST_CHANNEL}`, purpose: 'alert-card' });
    expect(isCard(row!.content as ChatContent)).toBe(true);
    await worker.drain();

    expect([...mattermost.messages.values()].map((message) => message.channel)).toEqual([MATTERMOST_CHANNEL]);
    expect(mattermost.texts()[0]).toContain('Firing (1): HighErrorRate');
    expect(mattermost.texts()[0]).toContain('errors on payments');
    expect([...slack.messages.values()].map((message) => message.channel)).toEqual(['C0OPS']);
    expect(slack.texts()[0]).toContain('errors on frontend');

    await deliver('payments', 'resolved');
    await worker.drain();
    const [only, ...none] = [...mattermost.messages.values()];
    expect(none).toEqual([]);
    expect(only!.edits).toBe(1);
    expect(cardPlainText(only!.content as never)).toContain('Resolved');
    expect(slack.messages.size).toBe(1);
    // Clicks and replies find the card where it landed, on its platform.
    const post = (await opsbot.outbox.list(['sent'])).find((entry) => entry.kind === 'post' && entry.channel.startsWith('mattermost:'))!;
    expect((await cards.groups.get(post.meta.ref as string))?.card).toEqual({ channel: `mattermost:${MATTERMOST_CHANNEL}`, ts: 'mattermost-msg-1' });
  });

  it('keeps rows for a platform no sender here can reach, and sends them once one can', async () => {
    const slack = new RecordingSender('slack');
    await deliver('payments', 'firing');
    await deliver('frontend', 'firing');
    await new OutboxWorker({ outbox: opsbot.outbox, senders: [slack], logger }).drain();
    expect(slack.messages.size).toBe(1);
    expect((await opsbot.outbox.list(['pending'])).map((row) => row.channel)).toEqual([`mattermost:${MATTERMOST_CHANNEL}`]);

    const mattermost = new RecordingSender('mattermost');
    await new OutboxWorker({ outbox: opsbot.outbox, senders: [mattermost], logger }).drain();
    expect(mattermost.messages.size).toBe(1);
    expect(slack.messages.size).toBe(1);
    expect(await opsbot.outbox.list(['pending'])).toEqual([]);
  });
});
