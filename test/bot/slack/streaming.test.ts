import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { AnswerMessages } from '../../../src/bot/slack/streaming/answer-messages.js';
import { CoalescingThrottle } from '../../../src/bot/slack/streaming/coalescing-throttle.js';
import { splitMessage } from '../../../src/bot/slack/streaming/split-message.js';
import { FakeSlackApi } from '../../support/fake-slack-api.js';

describe('splitMessage', () => {
  it('keeps short text whole and cuts long text at paragraph, line or word boundaries', () => {
    expect(splitMessage('short')).toEqual(['short']);
    expect(splitMessage('')).toEqual(['']);
    const paragraphs = Array.from({ length: 6 }, (_, index) => `${index}`.repeat(40)).join('\n\n');
    const parts = splitMessage(paragraphs, 100);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(100);
    expect(parts.join('\n\n')).toBe(paragraphs);
    const unbroken = 'x'.repeat(250);
    expect(splitMessage(unbroken, 100).join('')).toBe(unbroken);
  });

  it('closes a code fence a cut would leave open and reopens it in the next part', () => {
    const code = `intro\n\`\`\`\n${Array.from({ length: 30 }, (_, index) => `line ${index}`).join('\n')}\n\`\`\``;
    const parts = splitMessage(code, 80);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.split('```').length % 2).toBe(1);
      expect(part.length).toBeLessThanOrEqual(80);
    }
  });
});

describe('CoalescingThrottle', () => {
  it('sends the newest value at most once per interval and the final one after the interval', async () => {
    const sent: Array<{ value: number; at: number }> = [];
    const throttle = new CoalescingThrottle<number>(async (value) => void sent.push({ value, at: performance.now() }), { minIntervalMs: 40 });
    for (let value = 1; value <= 10; value += 1) throttle.push(value);
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let value = 11; value <= 20; value += 1) throttle.push(value);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await throttle.finish(99);
    expect(sent.map((entry) => entry.value)).toEqual([10, 20, 99]);
    for (let index = 1; index < sent.length; index += 1) expect(sent[index]!.at - sent[index - 1]!.at).toBeGreaterThanOrEqual(38);
  });

  it('reports a failed send without stopping later ones', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const throttle = new CoalescingThrottle<string>(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('ratelimited');
      },
      { minIntervalMs: 5, onError: (error) => errors.push(error) },
    );
    throttle.push('a');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await throttle.finish('b');
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });
});

describe('AnswerMessages', () => {
  it('closes a code block still being written, and removes parts the final text no longer needs', async () => {
    const fake = await new FakeSlackApi().start();
    try {
      const client = new webApi.WebClient('xoxb-answer-messages', { slackApiUrl: fake.apiUrl });
      const errors: unknown[] = [];
      const answer = new AnswerMessages({ client, onError: (error) => errors.push(error), minEditIntervalMs: 20 }, { channel: 'C0OPS', threadTs: '1780000950.000100' });
      answer.write('Here is the log:\n```\nline 1');
      await fake.waitFor(() => fake.callsOf('chat.postMessage').length === 1);
      expect(fake.callsOf('chat.postMessage')[0]!.args.text).toBe('Here is the log:\n```\nline 1\n```');
      answer.write(`\n${'another line of the log\n'.repeat(200)}`);
      await fake.waitFor(() => fake.thread('C0OPS', '1780000950.000100').length === 2);

      // The model failed midway and opsbot answered another way: one short message replaces the preview.
      await answer.finish('The log could not be read.');
      expect(fake.thread('C0OPS', '1780000950.000100').map((message) => message.text)).toEqual(['The log could not be read.']);
      expect(fake.callsOf('chat.delete')).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
