import { afterEach, describe, expect, it } from 'vitest';
import type { Inbound, Responder } from '../../../src/agent/responder.js';
import { CHANNEL, mention, message, slackHarness, type SlackHarness } from './slack-harness.js';

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const answers = (h: SlackHarness, channel: string, threadTs: string) => h.fake.thread(channel, threadTs).map((entry) => entry.text);

describe('Slack conversations', () => {
  it('acks a mention at once, shows progress, then answers in its thread', async () => {
    const h = (harness = await slackHarness());
    const response = await h.sender.event(mention('U00VIEWER', 'status frontend', '1780000100.000100'));
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    await h.frontEnd.idle();
    const methods = h.fake.calls.map((call) => call.method);
    expect(methods.indexOf('assistant.threads.setStatus')).toBeGreaterThanOrEqual(0);
    expect(methods.indexOf('assistant.threads.setStatus')).toBeLessThan(methods.indexOf('chat.postMessage'));
    const [answer] = answers(h, CHANNEL, '1780000100.000100');
    expect(answer).toMatch(/^frontend \(production\) (NORMAL|DEGRADED|DOWN) · v/);
  });

  it('shows no indicator for an answer ready within the feedback delay: the answer is the one call', async () => {
    const h = (harness = await slackHarness({ feedbackDelayMs: 60_000 }));
    await h.sender.event(mention('U00VIEWER', 'status frontend', '1780000100.000200'));
    await h.frontEnd.idle();
    expect(h.fake.calls.map((call) => call.method).filter((method) => method !== 'auth.test')).toEqual(['chat.postMessage']);
    expect(answers(h, CHANNEL, '1780000100.000200')).toEqual([expect.stringMatching(/^frontend \(production\)/)]);
  });

  it('shows the status once an answer takes longer than the feedback delay, before the answer', async () => {
    // Answers only after the person has seen that opsbot is working.
    const slow: Responder = {
      async respond() {
        const { fake } = harness!;
        await fake.waitFor(() => fake.callsOf('assistant.threads.setStatus').length > 0, 5_000);
        return { text: 'done thinking', actions: [], offline: false };
      },
    };
    const h = (harness = await slackHarness({ feedbackDelayMs: 30, responder: () => slow }));
    await h.sender.event(mention('U00VIEWER', 'why is checkout slow?', '1780000100.000300'));
    await h.frontEnd.idle();
    expect(h.fake.calls.map((call) => call.method).filter((method) => method !== 'auth.test')).toEqual(['assistant.threads.setStatus', 'chat.postMessage']);
    expect(answers(h, CHANNEL, '1780000100.000300')).toEqual(['done thinking']);
  });

  it('answers a direct message in a thread, acting as the event user', async () => {
    const h = (harness = await slackHarness());
    await h.sender.event(message('U00VIEWER', 'deploy frontend v2.4.0 to staging', '1780000101.000100', { channel: 'D0VIEW', channel_type: 'im' }));
    await h.frontEnd.idle();
    expect(answers(h, 'D0VIEW', '1780000101.000100').join('\n')).toMatch(/U00VIEWER lacks deploy:staging/);
    expect(await h.opsbot.gateway.listActions(5)).toEqual([]);
  });

  it('keeps one conversation per thread: replies there need no mention, other chatter is ignored', async () => {
    const h = (harness = await slackHarness());
    const thread = '1780000102.000100';
    await h.sender.event(mention('U00LEAD', 'status frontend', thread));
    await h.frontEnd.idle();
    await h.sender.event(message('U00LEAD', 'status api', '1780000102.000200', { thread_ts: thread }));
    await h.sender.event(message('U00LEAD', 'status api', '1780000102.000300'));
    await h.sender.event(message('U00LEAD', 'status api', '1780000102.000400', { thread_ts: '1780000000.999999' }));
    // A reply that mentions opsbot arrives twice (app_mention and message); it is answered once.
    await h.sender.event(message('U00LEAD', '<@U0BOT> status auth', '1780000102.000500', { thread_ts: thread }));
    await h.sender.event(mention('U00LEAD', 'status auth', '1780000102.000500', { thread_ts: thread }));
    await h.frontEnd.idle();
    const texts = answers(h, CHANNEL, thread);
    expect(texts).toHaveLength(3);
    expect(texts[1]).toMatch(/^api \(production\)/);
    expect(texts[2]).toMatch(/^auth \(production\)/);
    expect(h.fake.thread(CHANNEL, '1780000000.999999')).toEqual([]);
    const conversations = new Set(h.fake.callsOf('assistant.threads.setStatus').map((call) => call.args.thread_ts));
    expect(conversations).toEqual(new Set([thread]));
  });

  it('ignores its own messages and those of other bots', async () => {
    const h = (harness = await slackHarness());
    await h.sender.event(message('U0BOT', 'status frontend', '1780000103.000100', { channel: 'D0VIEW', channel_type: 'im' }));
    await h.sender.event(message('U00LEAD', 'status frontend', '1780000103.000200', { channel: 'D0VIEW', channel_type: 'im', bot_id: 'B0OTHER' }));
    await h.sender.event(mention('U0OTHERBOT', 'status frontend', '1780000103.000300', { bot_id: 'B0OTHER' }));
    await h.frontEnd.idle();
    expect(h.fake.calls.map((call) => call.method)).toEqual(['auth.test']);
  });

  it("handles Slack's retried delivery of an event once, even after a restart", async () => {
    const h = (harness = await slackHarness({ onDisk: true }));
    const event = mention('U00LEAD', 'status frontend', '1780000104.000100');
    const first = await h.sender.event(event);
    const retry = await h.sender.event(event, { eventId: first.eventId, retryNum: 1 });
    expect(retry.status).toBe(200);
    await h.frontEnd.idle();
    await h.restart();
    await h.sender.event(event, { eventId: first.eventId, retryNum: 2 });
    await h.frontEnd.idle();
    expect(answers(h, CHANNEL, '1780000104.000100')).toHaveLength(1);
  });

  it('refuses forged, stale and unsigned requests with 401, and does nothing', async () => {
    const h = (harness = await slackHarness());
    const { rawBody } = h.sender.eventBody(mention('U00LEAD', 'status frontend', '1780000105.000100'));
    const now = Math.floor(Date.now() / 1000);
    const forged = await h.sender.post(rawBody, 'application/json', { signature: h.sender.sign(rawBody, now, 'not-the-secret') });
    const stale = await h.sender.post(rawBody, 'application/json', { timestamp: now - 600 });
    const tampered = await h.sender.post(rawBody.replace('status frontend', 'deploy frontend v2.4.0 to staging'), 'application/json', { signature: h.sender.sign(rawBody, now), timestamp: now });
    const unsigned = await fetch(h.sender.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: rawBody });
    expect([forged.status, stale.status, tampered.status, unsigned.status]).toEqual([401, 401, 401, 401]);
    await h.frontEnd.idle();
    expect(h.fake.calls.map((call) => call.method)).toEqual(['auth.test']);
  });

  it('falls back to a "checking…" reply that becomes the answer where assistant status is not allowed', async () => {
    const h = (harness = await slackHarness({ fake: { statusSupported: false } }));
    await h.sender.event(mention('U00LEAD', 'status frontend', '1780000106.000100'));
    await h.frontEnd.idle();
    const [reply] = h.fake.thread(CHANNEL, '1780000106.000100');
    expect(reply?.text).toMatch(/^frontend \(production\)/);
    expect(h.fake.callsOf('chat.postMessage')[0]?.args.text).toBe('_checking…_');
    await h.sender.event(mention('U00LEAD', 'status api', '1780000106.000200'));
    await h.frontEnd.idle();
    // The refusal is remembered: one failed setStatus in all, not one per message.
    expect(h.fake.callsOf('assistant.threads.setStatus')).toHaveLength(1);
  });

  it('posts the answer anew when its "checking…" message was deleted meanwhile', async () => {
    const h = (harness = await slackHarness({ fake: { statusSupported: false } }));
    h.fake.fail('chat.update', 'message_not_found');
    await h.sender.event(mention('U00LEAD', 'status frontend', '1780000106.000300'));
    await h.frontEnd.idle();
    expect(answers(h, CHANNEL, '1780000106.000300')).toEqual(['_checking…_', expect.stringMatching(/^frontend \(production\)/)]);
  });

  it('streams progress notes, coalesced to at most one edit per interval', async () => {
    const responder = () => ({
      async respond(inbound: Inbound) {
        for (let note = 1; note <= 40; note += 1) inbound.onProgress?.(`checking step ${note}`);
        await new Promise((resolve) => setTimeout(resolve, 180));
        return { text: 'all steps checked', actions: [], offline: true };
      },
    });
    const h = (harness = await slackHarness({ responder, fake: { statusSupported: false } }));
    await h.sender.event(mention('U00LEAD', 'check everything', '1780000107.000100'));
    await h.frontEnd.idle();
    const edits = h.fake.callsOf('chat.update');
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(edits.length).toBeLessThanOrEqual(6);
    expect(edits[0]?.args.text).toBe('_checking step 40_');
    for (let index = 1; index < edits.length; index += 1) expect(edits[index]!.at - edits[index - 1]!.at).toBeGreaterThanOrEqual(45);
    expect(h.fake.thread(CHANNEL, '1780000107.000100')[0]?.text).toBe('all steps checked');
  });

  it('sends a long answer as several messages, each within Slack limits', async () => {
    const paragraph = `${'frontend is healthy and serving traffic normally. '.repeat(20)}\n\n`;
    const responder = () => ({ respond: async () => ({ text: paragraph.repeat(9), actions: [], offline: true }) });
    const h = (harness = await slackHarness({ responder }));
    await h.sender.event(mention('U00LEAD', 'tell me everything', '1780000108.000100'));
    await h.frontEnd.idle();
    const parts = answers(h, CHANNEL, '1780000108.000100');
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(3500);
    expect(parts.join('\n\n').replace(/\s+/g, ' ')).toBe(paragraph.repeat(9).replace(/\s+/g, ' ').trim());
  });

  it('apologises in the thread and logs a redacted error when answering fails, and keeps serving', async () => {
    let calls = 0;
    const responder = () => ({
      async respond() {
        calls += 1;
        if (calls === 1) throw new Error('model exploded holding xoxb-1111-2222-test-bot-token');
        return { text: 'fine now', actions: [], offline: true };
      },
    });
    const h = (harness = await slackHarness({ responder }));
    await h.sender.event(mention('U00LEAD', 'hello', '1780000109.000100'));
    await h.frontEnd.idle();
    const [apology] = answers(h, CHANNEL, '1780000109.000100');
    expect(apology).toMatch(/^Sorry, something went wrong.*ref `[0-9a-f]{6}`/);
    const logged = h.logs.join('\n');
    expect(logged).toMatch(/model exploded/);
    expect(logged).not.toContain('xoxb-1111-2222-test-bot-token');
    await h.sender.event(mention('U00LEAD', 'hello again', '1780000109.000200'));
    await h.frontEnd.idle();
    expect(answers(h, CHANNEL, '1780000109.000200')).toEqual(['fine now']);
  });
});
