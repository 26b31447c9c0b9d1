import { afterEach, describe, expect, it } from 'vitest';
import { ClaudeAgent } from '../../../src/agent/claude/claude-agent.js';
import { createResponder } from '../../../src/agent/create-responder.js';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { apiError, FakeAnthropicServer, reply, text, toolUse } from '../../support/fake-anthropic-server.js';
import { testOpsbot } from '../../support/test-opsbot.js';
import { agentFixture, messageTexts } from './agent-fixture.js';

type Fixture = Awaited<ReturnType<typeof agentFixture>>;
let fixture: Fixture | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

// Tells the SDK to wait 5 ms before retrying, so the retry path is exercised without slowing the suite.
const QUICK_RETRY = { 'retry-after-ms': '5' };

describe('ClaudeAgent resilience', () => {
  it('rides out a 529 overloaded answer through the SDK retry', async () => {
    fixture = await agentFixture({ maxRetries: 2 });
    fixture.server.enqueue(apiError(529, 'overloaded_error', QUICK_RETRY), reply([text('All good.')]));
    const answer = await fixture.ask('hello');

    expect(answer).toMatchObject({ text: 'All good.', offline: false });
    expect(fixture.server.requests).toHaveLength(2);
  });

  it('falls back to the offline router, with a notice, when the API stays down', async () => {
    fixture = await agentFixture({ maxRetries: 1 });
    fixture.server.useScript(() => apiError(529, 'overloaded_error', QUICK_RETRY));
    const answer = await fixture.ask('status frontend');

    expect(fixture.server.requests).toHaveLength(2);
    expect(answer.offline).toBe(true);
    const [notice, ...rest] = answer.text.split('\n');
    expect(notice).toBe('(The language model is unavailable: the API is overloaded. The offline command router answered instead.)');
    expect(rest.join('\n')).toContain('frontend (production)');
    const calls = await fixture.opsbot.audit.search({ event: 'call', tool: 'service_status' });
    expect(calls.map((record) => (record.origin as { via?: string }).via)).toEqual(['router']);
  });

  it('does not let the router repeat work when the API fails after tools ran', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(reply([toolUse('deploy', { service: 'api', environment: 'staging', version: 'v1.9.0' })]), apiError(500, 'api_error'));
    const answer = await fixture.ask('deploy api v1.9.0 to staging');

    expect(answer.offline).toBe(true);
    expect(answer.text).toContain('the API failed (HTTP 500)');
    expect(answer.text).toContain('proposed act_');
    expect(answer.actions).toHaveLength(1);
    expect(await fixture.opsbot.actions.recent(10)).toHaveLength(1);
  });

  it('enforces the daily token budget: stops mid-message before running more tools, then hands over to the router', async () => {
    fixture = await agentFixture({ agent: { dailyTokenBudget: 150 } });
    fixture.server.enqueue(reply([toolUse('service_status', { service: 'api' })], { usage: { input_tokens: 140, output_tokens: 20 } }));
    const first = await fixture.ask('how is api?');

    expect(first.text).toContain('daily language-model budget (150 tokens) is used up');
    expect(await fixture.opsbot.audit.search({ event: 'call' })).toHaveLength(0);

    const second = await fixture.ask('status api');
    expect(fixture.server.requests).toHaveLength(1);
    expect(second.offline).toBe(true);
    expect(second.text.split('\n')[0]).toContain('your daily budget of 150 tokens is used up until');
    expect(second.text).toContain('api (production)');
    // Another user has their own allowance.
    fixture.server.enqueue(reply([text('hi')], { usage: { input_tokens: 10, output_tokens: 5 } }));
    expect((await fixture.ask('hello', 'U00LEAD')).offline).toBe(false);
  });
});

describe('createResponder', () => {
  it('uses the router, with a notice, when no key is set, and the plain router when forced offline', async () => {
    const opsbot = await testOpsbot();
    cleanups.push(() => opsbot.cleanup());
    const forced = await createResponder(opsbot, { offline: true, env: { ANTHROPIC_API_KEY: 'sk-ant-test-forced-0000' } });
    expect(forced).toBeInstanceOf(CommandRouter);

    const keyless = await createResponder(opsbot, { env: {} });
    const answer = await keyless.respond({ text: 'status auth', actor: 'U00DEV', origin: { frontEnd: 'test' } });
    expect(answer.offline).toBe(true);
    expect(answer.text.split('\n')[0]).toBe('(The language model is unavailable: ANTHROPIC_API_KEY is not set. The offline command router answered instead.)');
    expect(answer.text).toContain('auth (production)');
  });

  it('builds the agent from ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL, and the key never shows up in text', async () => {
    const server = new FakeAnthropicServer();
    const baseURL = await server.start();
    const opsbot = await testOpsbot({ overrides: { agent: { model: 'claude-test', maxRoundTrips: 6, timeoutSeconds: 10, dailyTokenBudget: 1_000_000, memoryTurns: 20 } } });
    cleanups.push(async () => {
      await server.stop();
      await opsbot.cleanup();
    });
    const key = 'sk-ant-api03-test-key-never-shown';
    const responder = await createResponder(opsbot, { env: { ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: baseURL } });
    expect(responder).toBeInstanceOf(ClaudeAgent);
    // A tool result that echoes the key must reach the model redacted.
    server.enqueue(reply([toolUse('runbook', { query: key })]), reply([text(`done`)]));
    const answer = await responder.respond({ text: `my key is ${key}`, actor: 'U00DEV', origin: { frontEnd: 'test', conversationId: 'C-key' } });
    (responder as ClaudeAgent).close();

    expect(answer.text).toBe('done');
    expect(server.requests[0]!.headers.authorization ?? server.requests[0]!.headers['x-api-key']).toContain(key);
    expect(server.requests[0]!.body.model).toBe(opsbot.config.agent.model);
    expect(JSON.stringify(server.requests[1]!.body.messages[2])).toContain('No runbook for');
    // (The fake model echoing the key in its own tool call is not opsbot's doing; what opsbot writes is checked.)
    for (const request of server.requests) expect(messageTexts(request.body).join('\n')).not.toContain(key);
  });
});
