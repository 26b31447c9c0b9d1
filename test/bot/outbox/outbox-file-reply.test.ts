import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatContent } from '../../../src/bot/conversation/card.js';
import type { ChatFile, ChatPlace, PostedRef } from '../../../src/bot/conversation/port.js';
import type { ChatCardSender } from '../../../src/bot/outbox/card-sender.js';
import { OutboxWorker } from '../../../src/bot/outbox/outbox-worker.js';
import { fileContent } from '../../../src/store/outbox-file.js';
import { testOpsbot } from '../../support/test-opsbot.js';

/** A sender that keeps every call in order, as the chat received them. */
class RecordingSender implements ChatCardSender {
  readonly platform = 'slack';
  readonly calls: Array<{ call: 'post'; place: ChatPlace; content: ChatContent; id: string } | { call: 'upload'; place: ChatPlace; file: ChatFile }> = [];
  private next = 0;
  async post(place: ChatPlace, content: ChatContent): Promise<PostedRef> {
    const id = `msg-${++this.next}`;
    this.calls.push({ call: 'post', place, content, id });
    return { channel: place.channel, id };
  }
  async update(): Promise<void> {
    throw new Error('nothing here is edited');
  }
  async upload(place: ChatPlace, file: ChatFile): Promise<void> {
    this.calls.push({ call: 'upload', place, file });
  }
  async join(): Promise<boolean> {
    return true;
  }
}

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('an outbox reply carrying a file', () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  beforeEach(async () => {
    opsbot = await testOpsbot();
  });
  afterEach(async () => opsbot.cleanup());

  it('is uploaded into the thread of the card it belongs to, after the post, and a text reply still posts there', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const file = { base64: bytes.toString('base64'), filename: 'report-daily.png', mimeType: 'image/png', title: 'Report daily' };
    await opsbot.outbox.enqueue([
      { cardKey: 'report:daily@1', purpose: 'report', channel: 'C0OPS', content: { text: ['the report'] } satisfies ChatContent },
      { cardKey: 'report:daily@1', purpose: 'report', channel: 'C0OPS', reply: true, content: fileContent(file) },
      { cardKey: 'report:daily@1', purpose: 'report', channel: 'C0OPS', reply: true, content: { text: ['a note'] } satisfies ChatContent },
    ]);
    const sender = new RecordingSender();
    await new OutboxWorker({ outbox: opsbot.outbox, senders: [sender], logger }).drain();

    expect(sender.calls.map((call) => call.call)).toEqual(['post', 'upload', 'post']);
    const [post, upload, note] = sender.calls;
    expect(post).toMatchObject({ place: { channel: 'C0OPS' }, content: { text: ['the report'] } });
    const thread = (post as { id: string }).id;
    expect(upload).toEqual({ call: 'upload', place: { channel: 'C0OPS', thread }, file: { bytes: bytes, filename: 'report-daily.png', mimeType: 'image/png', title: 'Report daily' } });
    expect(note).toMatchObject({ place: { channel: 'C0OPS', thread }, content: { text: ['a note'] } });
    expect((await opsbot.outbox.list(['sent'])).map((row) => row.kind)).toEqual(['post', 'reply', 'reply']);
  });
});
