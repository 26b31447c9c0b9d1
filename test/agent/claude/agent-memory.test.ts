import { asData } from '../../../src/agent/claude/tool-results.js';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { ClaudeAgent } from '../../../src/agent/claude/claude-agent.js';
import { anthropicModel } from '../../../src/agent/providers/sdk-model-client.js';
import { type ChatMessage, mergeRoles, trimTurns } from '../../../src/agent/claude/conversation-memory.js';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { ConversationsRepository } from '../../../src/store/conversations-repository.js';
import { apiError, FakeAnthropicServer, reply, text, toolUse } from '../../support/fake-anthropic-server.js';
import { testOpsbot } from '../../support/test-opsbot.js';
import { agentFixture, messageTexts } from './agent-fixture.js';

type Fixture = Awaited<ReturnType<typeof agentFixture>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const user = (value: string): ChatMessage => ({ role: 'user', content: [{ type: 'text', text: value }] });
const assistant = (value: string): ChatMessage => ({ role: 'assistant', content: [{ type: 'text', text: value }] });
const call = (id: string): ChatMessage => ({ role: 'assistant', content: [{ type: 'tool_use', id, name: 'service_status', input: {} }] });
const result = (id: string): ChatMessage => ({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'ok' }] });

describe('conversation memory', () => {
  it('carries the first turn into the second request of the same conversation, and only that one', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(reply([toolUse('service_status', { service: 'auth' })]), reply([text('auth is NORMAL.')]), reply([text('Yes, still fine.')]), reply([text('Hello.')]));
    await fixture.ask('how is auth?');
    await fixture.ask('and is it still fine?');
    await fixture.ask('hi', 'U00DEV', 'C-other');

    const second = messageTexts(fixture.server.requests[2]!.body);
    expect(second[0]).toBe('how is auth?');
    expect(second).toContain('auth is NORMAL.');
    expect(second[second.length - 1]).toBe('and is it still fine?');
    expect(fixture.server.requests[2]!.body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(messageTexts(fixture.server.requests[3]!.body)).toEqual(['hi']);
  });

  it('forgets a stored history the API refuses as invalid, and answers without it instead of falling back for good', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(reply([text('Hi there.')]), apiError(400, 'invalid_request_error'), reply([text('auth is NORMAL.')]), reply([text('Still NORMAL.')]));
    await fixture.ask('hello');
    const answer = await fixture.ask('how is auth?');
    expect(answer.text).toBe('auth is NORMAL.');
    expect(answer.offline).toBe(false);
    // The retry went without the refused history; the next message builds on the fresh start.
    expect(messageTexts(fixture.server.requests[2]!.body)).toEqual(['how is auth?']);
    await fixture.ask('and now?');
    expect(messageTexts(fixture.server.requests[3]!.body)).toEqual(['how is auth?', 'auth is NORMAL.', 'and now?']);
  });

  it('remembers only the newest memoryTurns turns before the new message', async () => {
    fixture = await agentFixture({ agent: { memoryTurns: 2 } });
    fixture.server.useScript((_request, index) => reply([text(`answer ${index}`)]));
    for (const question of ['one', 'two', 'three', 'four']) await fixture.ask(question);

    expect(messageTexts(fixture.server.requests[3]!.body)).toEqual(['two', 'answer 1', 'three', 'answer 2', 'four']);
    const stored = await new ConversationsRepository(fixture.opsbot.store).get<ChatMessage>('C-test');
    expect(stored!.messages).toHaveLength(4);
  });

  it('appends the outcome to the conversation after a human confirms, so "did it work?" has context', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(
      reply([toolUse('deploy', { service: 'frontend', environment: 'staging', version: 'v2.4.0' })]),
      reply([text('Proposed; waiting for approval.')]),
      reply([text('Yes, it worked.')]),
    );
    const proposal = (await fixture.ask('deploy frontend v2.4.0 to staging')).actions[0]!;
    const outcome = await fixture.opsbot.gateway.confirm(proposal.id, 'U00LEAD', { frontEnd: 'test' });
    expect(outcome.status).toBe('executed');
    await fixture.ask('did it work?');

    const seen = messageTexts(fixture.server.requests[2]!.body);
    const note = seen.find((entry) => entry.startsWith('[opsbot event]'))!;
    expect(note).toContain(`Action ${proposal.id} was approved by U00LEAD and succeeded. (decided at `);
    expect(note).toMatch(/<tool_result_data source="deploy">\ndeploy frontend v2\.4\.0 to staging\nDeployed frontend v2\.3\.2 → v2\.4\.0 in staging\./);
    expect(seen[seen.length - 1]).toBe('did it work?');
    expect(fixture.server.requests[2]!.body.messages.at(-1)!.role).toBe('user');
  });

  it('notes an outcome decided in another process at the next message of the conversation', async () => {
    const server = new FakeAnthropicServer();
    const baseURL = await server.start();
    const overrides = { agent: { model: 'claude-test', maxRoundTrips: 6, timeoutSeconds: 10, dailyTokenBudget: 1_000_000, memoryTurns: 20 } };
    const opsbot = await testOpsbot({ onDisk: true, overrides });
    const agent = new ClaudeAgent({ opsbot, client: anthropicModel(new Anthropic({ apiKey: 'test-key', baseURL, maxRetries: 0 })), fallback: new CommandRouter(opsbot.gateway, opsbot.config) });
    try {
      server.enqueue(reply([toolUse('rollback', { service: 'auth', environment: 'staging' })]), reply([text('Proposed.')]), reply([text('It was rejected.')]), reply([text('Ok.')]));
      const origin = { frontEnd: 'test' as const, conversationId: 'C-cross' };
      const proposal = (await agent.respond({ text: 'roll back auth in staging', actor: 'U00DEV', origin })).actions[0]!;
      // `opsbot reject` run elsewhere: its own gateway on the same store, with no agent listening.
      const elsewhere = await testOpsbot({ onDisk: true, dataDir: opsbot.dataDir, overrides });
      await elsewhere.gateway.reject(proposal.id, 'U00LEAD', { frontEnd: 'cli' });
      await elsewhere.close();
      await agent.respond({ text: 'what happened to it?', actor: 'U00DEV', origin });
      await agent.respond({ text: 'ok', actor: 'U00DEV', origin });

      const notes = messageTexts(server.requests[2]!.body).filter((entry) => entry.startsWith('[opsbot event]'));
      expect(notes).toEqual([
        `[opsbot event] Action ${proposal.id} was rejected by U00LEAD; nothing ran. (decided at ${(await opsbot.actions.get(proposal.id))!.decidedAt})\n${asData('roll back auth in staging to the previous successful version', 'rollback')}`,
      ]);
      expect(messageTexts(server.requests[3]!.body).filter((entry) => entry.startsWith('[opsbot event]'))).toHaveLength(1);
    } finally {
      agent.close();
      await server.stop();
      await opsbot.cleanup();
    }
  });

  it('records a rejection once, even with two agents listening to one gateway', async () => {
    fixture = await agentFixture();
    const second = new ClaudeAgent({ opsbot: fixture.opsbot, client: {} as never, fallback: fixture.router });
    fixture.server.enqueue(reply([toolUse('rollback', { service: 'api', environment: 'staging' })]), reply([text('Proposed.')]));
    const proposal = (await fixture.ask('roll back api in staging')).actions[0]!;
    await fixture.opsbot.gateway.reject(proposal.id, 'U00LEAD', { frontEnd: 'test' });
    second.close();

    const stored = await new ConversationsRepository(fixture.opsbot.store).get<ChatMessage>('C-test');
    const notes = stored!.messages.filter((message) => message.role === 'user' && JSON.stringify(message.content).includes('[opsbot event]'));
    expect(notes).toHaveLength(1);
    expect(JSON.stringify(notes[0]!.content)).toContain('was rejected by U00LEAD; nothing ran. (decided at ');
  });

  it('trims whole turns, never separating a tool_use from its tool_result', () => {
    const messages = [user('a'), call('t1'), result('t1'), assistant('A'), user('b'), call('t2'), result('t2'), call('t3'), result('t3'), assistant('B'), user('c'), assistant('C')];
    expect(trimTurns(messages, 2)).toEqual(messages.slice(4));
    expect(trimTurns(messages, 1)).toEqual(messages.slice(10));
    expect(trimTurns([result('t0'), assistant('orphan'), user('d')], 5)).toEqual([user('d')]);
  });

  it('merges neighbours of one role, keeping tool results first', () => {
    const merged = mergeRoles([user('q'), call('t1'), result('t1'), user('note'), user('next')]);
    expect(merged.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect((merged[2]!.content as Array<{ type: string }>).map((block) => block.type)).toEqual(['tool_result', 'text', 'text']);
  });
});

describe('ConversationsRepository', () => {
  it('loses no update when writers race, and creates nothing with onlyIfExists', async () => {
    const opsbot = await testOpsbot();
    try {
      const repository = new ConversationsRepository(opsbot.store);
      expect(await repository.update<number>('C-new', (messages) => [...messages, 1], { onlyIfExists: true })).toBeUndefined();
      expect(await repository.get('C-new')).toBeUndefined();
      await Promise.all(Array.from({ length: 10 }, (_, index) => repository.update<number>('C-race', (messages) => [...messages, index])));
      const stored = await repository.get<number>('C-race');
      expect(stored!.messages.sort((left, right) => left - right)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(stored!.version).toBe(10);
    } finally {
      await opsbot.cleanup();
    }
  });
});
