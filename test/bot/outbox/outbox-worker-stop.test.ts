import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatPlace, PostedRef } from '../../../src/bot/conversation/port.js';
import type { ChatCardSender } from '../../../src/bot/outbox/card-sender.js';
import { OutboxWorker } from '../../../src/bot/outbox/outbox-worker.js';
import { testOpsbot } from '../../support/test-opsbot.js';

/** A slow chat: each post takes a while, as a platform timing out would. */
class SlowSender implements ChatCardSender {
  readonly platform = 'slack';
  posted = 0;
  started = 0;
  async post(place: ChatPlace): Promise<PostedRef> {
    this.started += 1;
    await new Promise((resolve) => setTimeout(resolve, 40));
    this.posted += 1;
    return { channel: place.channel, id: `msg-${this.posted}` };
  }
  async update(): Promise<void> {}
  async upload(): Promise<void> {}
  async join(): Promise<boolean> {
    return true;
  }
}

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('a worker stopped while a backlog is being sent', () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  beforeEach(async () => {
    opsbot = await testOpsbot();
  });
  afterEach(async () => opsbot.cleanup());

  it('finishes the send under way and leaves the rest, unsent and due, for the next worker', async () => {
    await opsbot.outbox.enqueue(Array.from({ length: 20 }, (_, index) => ({ purpose: 'alert-card', channel: 'C0ALERTS', content: { text: [`alert ${index}`] } })));
    const sender = new SlowSender();
    const worker = new OutboxWorker({ outbox: opsbot.outbox, senders: [sender], logger });
    worker.start();
    while (sender.started === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await worker.stop();
    // The send under way completed and was recorded; nothing else was started after the stop.
    expect(sender.posted).toBe(sender.started);
    expect(sender.posted).toBeLessThan(5);
    expect((await opsbot.outbox.list(['sent'])).length).toBe(sender.posted);
    expect((await opsbot.outbox.list(['pending'])).length).toBe(20 - sender.posted);
    // The next worker sends the rest.
    const next = new SlowSender();
    await new OutboxWorker({ outbox: opsbot.outbox, senders: [next], logger }).drain();
    expect(next.posted).toBe(20 - sender.posted);
  });
});
