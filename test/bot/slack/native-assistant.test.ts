import { afterEach, describe, expect, it } from 'vitest';
import { createResponder } from '../../../src/agent/create-responder.js';
import type { Opsbot } from '../../../src/app.js';
import { AnswerFeedback } from '../../../src/bot/slack/answer-feedback.js';
import { FakeAnthropicServer, reply, text, toolUse } from '../../support/fake-anthropic-server.js';
import type { FakeSlackOptions } from '../../support/fake-slack-api.js';
import { message, slackHarness, type SlackHarness } from './slack-harness.js';

let harness: SlackHarness | undefined;
let model: FakeAnthropicServer | undefined;
afterEach(async () => {
  await harness?.close();
  await model?.stop();
  harness = undefined;
  model = undefined;
});

// The scopes an app with Slack's AI features has (the fake names them in x-oauth-scopes, as Slack does).
const AI_APP_SCOPES = ['assistant:write', 'chat:write', 'im:history', 'app_mentions:read'];
const DM = 'D0DEVPANEL';
const THREAD = '1780001000.000100';

async function assistantHarness(fake: FakeSlackOptions): Promise<{ h: SlackHarness; model: FakeAnthropicServer }> {
  model = new FakeAnthropicServer();
  const baseURL = await model.start();
  const env = { ANTHROPIC_API_KEY: 'sk-ant-loopback-assistant-key', ANTHROPIC_BASE_URL: baseURL };
  const responder = (opsbot: Opsbot) => createResponder(opsbot, { env });
  harness = await slackHarness({ responder, minEditIntervalMs: 20, fake });
  return { h: harness, model };
}

const question = (ts: string) => message('U00DEV', "How's frontend doing?", ts, { channel: DM, channel_type: 'im', thread_ts: THREAD });

describe('Slack AI app surfaces', () => {
  it('runs an assistant thread: suggested prompts from the role, a title, a streamed answer with a task per tool call, and recorded feedback', async () => {
    const { h, model } = await assistantHarness({ scopes: AI_APP_SCOPES });
    await h.sender.event({ type: 'assistant_thread_started', assistant_thread: { user_id: 'U00DEV', channel_id: DM, thread_ts: THREAD, context: { channel_id: 'C0OPS', team_id: 'T0TEAM', enterprise_id: null } }, event_ts: '1780001000.000150' });
    const [prompts] = await h.fake.waitFor(() => h.fake.callsOf('assistant.threads.setSuggestedPrompts').length > 0 && h.fake.callsOf('assistant.threads.setSuggestedPrompts'));
    expect(prompts!.args).toMatchObject({ channel_id: DM, thread_ts: THREAD });
    const offered = (prompts!.args.prompts as Array<{ title: string; message: string }>).map((prompt) => prompt.title);
    // Dana is in team web, which owns frontend; she may read, so every prompt is a read she is allowed.
    expect(offered).toEqual(["How's frontend?", "Who's on call?", 'What is firing?', 'What went out today?']);

    model.enqueue(reply([text('Let me check.\n'), toolUse('service_status', { service: 'frontend' })]), reply([text('frontend is healthy at v2.3.1.\nNo alerts are firing.')], { chunking: { size: 8, delayMs: 15 } }));
    await h.sender.event(question('1780001000.000200'));
    await h.fake.waitFor(() => h.fake.callsOf('chat.stopStream').length > 0, 15_000);
    await h.frontEnd.idle();

    expect(h.fake.callsOf('assistant.threads.setTitle')[0]!.args).toMatchObject({ channel_id: DM, thread_ts: THREAD, title: "How's frontend doing?" });
    const [started] = h.fake.callsOf('chat.startStream');
    expect(started!.args).toMatchObject({ channel: DM, thread_ts: THREAD, recipient_user_id: 'U00DEV', recipient_team_id: 'T0TEAM' });
    const answers = h.fake.thread(DM, THREAD);
    // One message carries the whole answer; nothing was posted the old way.
    expect(answers).toHaveLength(1);
    const answer = answers[0]!;
    expect(answer.stream!.open).toBe(false);
    expect(answer.text).toBe('Let me check.\n\nfrontend is healthy at v2.3.1.\nNo alerts are firing.');
    // Text arrived in more than one append before the stream stopped.
    expect(h.fake.callsOf('chat.appendStream').some((call) => JSON.stringify(call.args.chunks).includes('markdown_text'))).toBe(true);
    const tasks = answer.stream!.chunks.filter((chunk) => chunk.type === 'task_update');
    const statusTask = tasks.filter((chunk) => String(chunk.title).startsWith('Service status'));
    expect(statusTask.map((chunk) => chunk.status)).toEqual(['in_progress', 'complete']);
    expect(tasks.every((chunk) => chunk.status !== 'in_progress' || tasks.some((later) => later.id === chunk.id && later.status === 'complete'))).toBe(true);
    expect(JSON.stringify(answer.blocks)).toContain('"feedback_buttons"');
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);

    await h.sender.blockAction({ userId: 'U00DEV', actionId: 'answer_feedback', value: 'bad', channelId: DM, messageTs: answer.ts, threadTs: THREAD, responseUrl: h.fake.responseUrl('feedback') });
    await h.frontEnd.idle();
    const recorded = await new AnswerFeedback(h.opsbot.kv).all();
    expect(recorded).toEqual([expect.objectContaining({ verdict: 'bad', by: 'U00DEV', channel: DM, ts: answer.ts, actor: 'U00DEV', question: "How's frontend doing?" })]);
  });

  it('shows a proposal as a finished task that needs approval, and posts its confirmation card', async () => {
    const { h, model } = await assistantHarness({ scopes: AI_APP_SCOPES });
    model.enqueue(reply([toolUse('deploy', { service: 'frontend', environment: 'staging', version: 'v2.4.0' })]), reply([text('The deploy awaits approval.')]));
    await h.sender.event(message('U00DEV', 'ship frontend v2.4.0 to staging', '1780001000.000250', { channel: DM, channel_type: 'im', thread_ts: THREAD }));
    await h.fake.waitFor(() => h.fake.callsOf('chat.stopStream').length > 0, 15_000);
    await h.frontEnd.idle();

    const answer = h.fake.thread(DM, THREAD).find((posted) => posted.stream)!;
    expect(answer.text).toBe('The deploy awaits approval.');
    const proposing = answer.stream!.chunks.filter((chunk) => chunk.type === 'task_update' && String(chunk.title).startsWith('Proposing: '));
    expect(proposing).toHaveLength(1);
    expect(proposing[0]).toMatchObject({ status: 'complete' });
    expect(String(proposing[0]!.title)).toMatch(/frontend.*v2\.4\.0.*staging.* — needs approval$/);
    // The card is today's: posted on its own, with the buttons that decide it.
    expect(h.fake.callsOf('chat.postMessage').some((call) => JSON.stringify(call.args.blocks ?? '').includes('approve'))).toBe(true);
  });

  it('without the assistant scope answers as today: no native calls, the answer posted and edited in the thread', async () => {
    const { h, model } = await assistantHarness({ scopes: ['chat:write', 'im:history'] });
    model.enqueue(reply([text('frontend is healthy.')]));
    await h.sender.event(question('1780001000.000300'));
    await h.fake.waitFor(() => h.fake.thread(DM, THREAD).some((posted) => posted.text === 'frontend is healthy.'), 15_000);
    await h.frontEnd.idle();

    for (const method of ['chat.startStream', 'assistant.threads.setTitle', 'assistant.threads.setSuggestedPrompts']) expect(h.fake.callsOf(method)).toHaveLength(0);
    expect(h.fake.callsOf('chat.postMessage').length).toBeGreaterThan(0);
  });

  it('falls back to today\'s answer when Slack refuses native streaming, and stops asking', async () => {
    const { h, model } = await assistantHarness({ scopes: AI_APP_SCOPES });
    h.fake.fail('chat.startStream', 'feature_not_enabled');
    model.enqueue(reply([text('frontend is healthy.')]), reply([text('Still healthy.')]));
    await h.sender.event(question('1780001000.000400'));
    await h.fake.waitFor(() => h.fake.thread(DM, THREAD).some((posted) => posted.text === 'frontend is healthy.'), 15_000);
    await h.sender.event(question('1780001000.000500'));
    await h.fake.waitFor(() => h.fake.thread(DM, THREAD).some((posted) => posted.text === 'Still healthy.'), 15_000);
    await h.frontEnd.idle();

    expect(h.fake.callsOf('chat.startStream')).toHaveLength(1);
  });
});
