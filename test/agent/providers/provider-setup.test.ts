import { afterEach, describe, expect, it } from 'vitest';
import { createModelClient } from '../../../src/agent/claude/model-client.js';
import { configSchema } from '../../../src/config/schema.js';
import { reply, text } from '../../support/fake-anthropic-server.js';
import { testConfig } from '../../support/test-opsbot.js';
import { AWS, type ProviderPeer, providerFixture, startPeer } from './provider-peers.js';

let fixture: Awaited<ReturnType<typeof providerFixture>> | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('agent.provider settings', () => {
  it('takes exactly the documented keys, and openai-compatible needs its baseUrl', () => {
    const parsed = configSchema.shape.agent.parse({ provider: 'openai-compatible', baseUrl: 'http://vllm:8000/v1', model: 'qwen3-32b', apiKey: 'env:VLLM_KEY' });
    expect(parsed).toMatchObject({ provider: 'openai-compatible', baseUrl: 'http://vllm:8000/v1', model: 'qwen3-32b', apiKey: 'env:VLLM_KEY' });
    expect(configSchema.shape.agent.parse(undefined).provider).toBe('anthropic');
    expect(configSchema.shape.agent.safeParse({ provider: 'openai-compatible', model: 'm' }).error?.issues[0]?.path).toEqual(['baseUrl']);
    expect(configSchema.shape.agent.safeParse({ provider: 'openai-compatible', baseUrl: 'http://vllm:8000/v1', apiKey: 'sk-literal' }).success).toBe(false);
    expect(configSchema.shape.agent.safeParse({ provider: 'azure' }).success).toBe(false);
    expect(configSchema.shape.agent.safeParse({ provider: 'bedrock', apiBase: 'http://x' }).success).toBe(false);
  });

  it('names what is missing instead of starting a client that cannot work', async () => {
    const bedrock = testConfig({ agent: { provider: 'bedrock', model: 'anthropic.claude-sonnet-4-5-20250929-v1:0' } });
    expect(await createModelClient(bedrock, {})).toEqual({ missing: 'agent.region or AWS_REGION is not set' });
    const vertex = testConfig({ agent: { provider: 'vertex', model: 'claude-sonnet-4-5@20250929' } });
    expect(await createModelClient(vertex, {})).toEqual({ missing: 'agent.region or CLOUD_ML_REGION is not set' });
    const local = testConfig({ agent: { provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKey: 'env:LOCAL_KEY' } });
    expect(await createModelClient(local, {})).toEqual({ missing: 'LOCAL_KEY is not set' });
    // The key is optional for a local server that asks for none.
    const open = testConfig({ agent: { provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', model: 'm' } });
    expect(await createModelClient(open, {})).toHaveProperty('client.provider', 'openai-compatible');
  });
});

describe('provider transports', () => {
  it('Bedrock requests are SigV4-signed with the environment credentials (a wrong secret is refused)', async () => {
    const peer: ProviderPeer = await startPeer('bedrock');
    fixture = await providerFixture({ ...peer, env: { ...peer.env, AWS_SECRET_ACCESS_KEY: 'not-the-secret-at-all' } });
    peer.enqueue(reply([text('never sent')]));
    const answer = await fixture.ask('status api');

    expect(answer.offline).toBe(true);
    expect(peer.seen()).toHaveLength(0);
    expect(answer.text).not.toContain('not-the-secret-at-all');
    expect(answer.text).not.toContain(AWS.secretAccessKey);
  });

  it('an OpenAI-compatible server that says 429 with retry-after is retried, then answers', async () => {
    const peer = await startPeer('openai-compatible');
    fixture = await providerFixture(peer);
    peer.enqueue({ kind: 'error', status: 429, errorType: 'rate_limit_exceeded', headers: { 'retry-after-ms': '20' } }, reply([text('api is fine.')]));
    const answer = await fixture.ask('how is api?');

    expect(answer).toMatchObject({ text: 'api is fine.', offline: false });
    expect(peer.seen()).toHaveLength(2);
  });

  it('an OpenAI-compatible key that is refused is not repeated, though the server echoes it', async () => {
    const peer = await startPeer('openai-compatible');
    fixture = await providerFixture({ ...peer, env: { LOCAL_MODEL_KEY: 'sk-wrong-key-9876543210' } });
    const answer = await fixture.ask('status api');

    expect(answer.text.split('\n')[0]).toContain('the API key was refused');
    expect(answer.text).not.toContain('sk-wrong-key-9876543210');
  });
});
