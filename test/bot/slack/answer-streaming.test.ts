import { afterEach, describe, expect, it } from 'vitest';
import { createResponder } from '../../../src/agent/create-responder.js';
import type { Opsbot } from '../../../src/app.js';
import { FakeAnthropicServer, reply, text, toolUse } from '../../support/fake-anthropic-server.js';
import type { RecordedCall } from '../../support/fake-slack-api.js';
import { CHANNEL, mention, slackHarness, type SlackHarness } from './slack-harness.js';

// Wide enough that a loaded machine's scheduling jitter stays small beside it.
const EDIT_INTERVAL_MS = 200;

let harness: SlackHarness | undefined;
let model: FakeAnthropicServer | undefined;
afterEach(async () => {
  await harness?.close();
  await model?.stop();
  harness = undefined;
  model = undefined;
});

/** A front end whose conversations are answered by the Claude agent, reached through the real SDK on loopback. */
async function streamingHarness(options: { statusSupported?: boolean } = {}): Promise<{ h: SlackHarness; model: FakeAnthropicServer }> {
  model = new FakeAnthropicServer();
  const baseURL = await model.start();
  const env = { ANTHROPIC_API_KEY: 'sk-ant-loopback-streaming-key', ANTHROPIC_BASE_URL: baseURL };
  const responder = (opsbot: Opsbot) => createResponder(opsbot, { env });
  harness = await slackHarness({ responder, minEditIntervalMs: EDIT_INTERVAL_MS, fake: { statusSupported: options.statusSupported ?? true } });
  return { h: harness, model };
}

/** Paragraphs enough for two Slack messages, so the split at Slack's limit is streamed too. */
function longAnswer(): string {
  const paragraphs = Array.from({ length: 14 }, (_, index) => `Point ${index + 1}: ${'frontend serves traffic normally, latency is within its usual band and errors are rare. '.repeat(4).trim()}`);
  return paragraphs.join('\n\n');
}

const callsIn = (h: SlackHarness, method: string, channel: string, ts: string) => h.fake.callsOf(method).filter((call) => call.args.channel === channel && call.args.ts === ts);

function expectSpaced(calls: RecordedCall[], intervalMs: number): void {
  // Measured on arrival at the fake, so a request delayed more than the next one may shave a little off.
  for (let index = 1; index < calls.length; index += 1) expect(calls[index]!.at - calls[index - 1]!.at).toBeGreaterThanOrEqual(intervalMs * 0.75);
}

describe('Slack answers stream in', () => {
  it("posts a model's answer as soon as text arrives, edits it at most once per interval, and ends with the full text", async () => {
    const { h, model } = await streamingHarness();
    const full = longAnswer();
    model.enqueue(reply([text(full)], { chunking: { size: 40, delayMs: 8 } }));
    const threadTs = '1780000900.000100';
    await h.sender.event(mention('U00LEAD', 'how is frontend doing, in detail?', threadTs));
    await h.fake.waitFor(() => h.fake.callsOf('chat.postMessage').length > 0, 15_000);
    await h.frontEnd.idle();

    const posts = h.fake.callsOf('chat.postMessage');
    const [first] = posts;
    expect(first?.args.thread_ts).toBe(threadTs);
    const partial = String(first?.args.text);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(full.length / 2);
    expect(full.startsWith(partial)).toBe(true);

    const messages = h.fake.thread(CHANNEL, threadTs);
    expect(messages.length).toBeGreaterThanOrEqual(2);
    for (const message of messages) expect(message.text.length).toBeLessThanOrEqual(3500);
    expect(messages.map((message) => message.text).join('\n\n')).toBe(full);

    const firstMessage = messages[0]!;
    const edits = callsIn(h, 'chat.update', firstMessage.channel, firstMessage.ts);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(edits.at(-1)!.args.text).toBe(firstMessage.text);
    expect(first!.at).toBeLessThan(edits.at(-1)!.at);
    // Partial texts grow towards the final one; no edit is ever ahead of the model.
    for (const edit of edits) expect(full.startsWith(String(edit.args.text).replace(/\n```$/, ''))).toBe(true);
    for (const message of messages) expectSpaced(callsIn(h, 'chat.update', message.channel, message.ts), EDIT_INTERVAL_MS);
    // The status said "checking" first; the answer's first message then took its place.
    expect(h.fake.callsOf('assistant.threads.setStatus')[0]!.at).toBeLessThan(first!.at);
  });

  it('turns the "checking…" reply into the streamed answer where no assistant status is allowed, text before a tool call included', async () => {
    const { h, model } = await streamingHarness({ statusSupported: false });
    const final = `Frontend load is normal: ${'p95 latency is steady and the error rate is low. '.repeat(6).trim()}`;
    model.enqueue(
      reply([text('Let me look at the frontend metrics.'), toolUse('service_metrics', { service: 'frontend' })], { chunking: { size: 6, delayMs: 5 } }),
      reply([text(final)], { chunking: { size: 20, delayMs: 8 } }),
    );
    const threadTs = '1780000901.000100';
    await h.sender.event(mention('U00LEAD', "how's frontend load?", threadTs));
    await h.fake.waitFor(() => h.fake.callsOf('chat.postMessage').length > 0, 15_000);
    await h.frontEnd.idle();

    const [placeholder] = h.fake.callsOf('chat.postMessage');
    expect(placeholder?.args.text).toBe('_checking…_');
    const [answer] = h.fake.thread(CHANNEL, threadTs);
    expect(answer?.text).toBe(`Let me look at the frontend metrics.\n\n${final}`);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
    const edits = callsIn(h, 'chat.update', answer!.channel, answer!.ts);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(edits.at(-1)!.args.text).toBe(answer!.text);
    expectSpaced(edits, EDIT_INTERVAL_MS);
  });
});
