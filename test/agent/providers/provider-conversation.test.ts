import { afterEach, describe, expect, it } from 'vitest';
import type { ModelProvider } from '../../../src/agent/claude/model-client.js';
import { reply, text, toolUse } from '../../support/fake-anthropic-server.js';
import { malformedStream } from '../../support/malformed-streams.js';
import { type ProviderPeer, providerFixture, startPeer } from './provider-peers.js';

type Fixture = Awaited<ReturnType<typeof providerFixture>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const PROVIDERS: ModelProvider[] = ['anthropic', 'bedrock', 'vertex', 'openai-compatible'];

/** The wire's own way of cutting a stream in the middle of a tool call's arguments. */
function cutMidToolCall(provider: ModelProvider) {
  if (provider !== 'openai-compatible') return malformedStream('truncated');
  const chunk = (delta: unknown) => `data: ${JSON.stringify({ id: 'chatcmpl-cut', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
  const body = chunk({ role: 'assistant', content: '' }) + chunk({ tool_calls: [{ index: 0, id: 'call_cut', type: 'function', function: { name: 'deploy', arguments: '' } }] }) + chunk({ tool_calls: [{ index: 0, function: { arguments: '{"service": "ap' } }] });
  return { kind: 'raw' as const, body };
}

describe.each(PROVIDERS)('the agent on %s', (provider) => {
  let peer: ProviderPeer;

  it('holds a whole conversation: question, tool call, proposal, approval, outcome back in the conversation', async () => {
    peer = await startPeer(provider);
    fixture = await providerFixture(peer);
    peer.enqueue(
      reply([text('Checking api first.'), toolUse('service_status', { service: 'api' }, 'call_status')]),
      reply([toolUse('deploy', { service: 'api', environment: 'staging', version: 'v1.9.0' }, 'call_deploy')]),
      reply([text('api is up. The deploy of v1.9.0 to staging awaits approval.')]),
    );
    const deltas: string[] = [];
    const answer = await fixture.ask('is api healthy? then ship v1.9.0 to staging', (delta) => deltas.push(delta));

    expect(answer.offline).toBe(false);
    expect(answer.text).toBe('Checking api first.\n\napi is up. The deploy of v1.9.0 to staging awaits approval.');
    // Streamed as it was written: the pieces add up to the reply.
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe(answer.text);
    expect(answer.actions).toHaveLength(1);
    const proposal = answer.actions[0]!;
    expect(proposal).toMatchObject({ tool: 'deploy', state: 'proposed' });

    const [first, second, third] = peer.seen();
    expect(first!.model).toBe(peer.agent.model);
    expect(first!.toolNames).toContain('service_status');
    expect(first!.texts).toEqual(['is api healthy? then ship v1.9.0 to staging']);
    expect(second!.texts.some((seen) => seen.includes('<tool_result_data source="service_status">') && seen.includes('api (production)'))).toBe(true);
    // After a proposal the model gets one more round with tools off, told the change has not run.
    expect(third!.toolsOff).toBe(true);
    expect(third!.texts.some((seen) => seen.includes(proposal.id) && /not (run|been run|executed)|awaiting|approval/i.test(seen))).toBe(true);
    const calls = await fixture.opsbot.audit.search({ event: 'call', tool: 'service_status' });
    expect(calls[0]!.origin).toMatchObject({ via: 'model' });

    const outcome = await fixture.opsbot.gateway.confirm(proposal.id, 'U00LEAD', { frontEnd: 'test' });
    expect(outcome.status).toBe('executed');
    peer.enqueue(reply([text('Yes: v1.9.0 is out on staging.')]));
    const followUp = await fixture.ask('did it go out?');

    expect(followUp.text).toBe('Yes: v1.9.0 is out on staging.');
    const fourth = peer.seen()[3]!;
    expect(fourth.texts.some((seen) => seen.includes(`Action ${proposal.id} was approved by U00LEAD and succeeded.`))).toBe(true);
    // Chat Completions has no text blocks: the note and the question arrive as paragraphs of one message.
    expect(fourth.texts[fourth.texts.length - 1]).toMatch(/(^|\n\n)did it go out\?$/);
  });

  it('falls back to the router when the stream is cut in the middle of a tool call', async () => {
    peer = await startPeer(provider);
    fixture = await providerFixture(peer);
    peer.enqueue(cutMidToolCall(provider));
    const answer = await fixture.ask('status api');

    expect(answer.offline).toBe(true);
    expect(answer.text.split('\n')[0]).toBe('(The language model is unavailable: the API sent a malformed response. The offline command router answered instead.)');
    expect(answer.text).toContain('api (production)');
    // The half-read deploy never reached the gateway.
    expect(await fixture.opsbot.actions.recent(10)).toHaveLength(0);
  });

  it('says why when the provider refuses, without any credential in the reply', async () => {
    peer = await startPeer(provider);
    fixture = await providerFixture(peer);
    peer.enqueue({ kind: 'error', status: 403, errorType: 'AccessDeniedException', message: `denied for ${peer.secrets.join(' ')}` });
    const answer = await fixture.ask('status api');

    expect(answer.offline).toBe(true);
    expect(answer.text.split('\n')[0]).toContain('the API key may not use this model');
    for (const secret of peer.secrets) expect(answer.text).not.toContain(secret);
  });
});
