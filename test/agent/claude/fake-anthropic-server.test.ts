import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeAnthropicServer, reply, text, toolUse } from '../../support/fake-anthropic-server.js';

let server: FakeAnthropicServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function started(): Promise<{ server: FakeAnthropicServer; client: Anthropic }> {
  server = new FakeAnthropicServer();
  const baseURL = await server.start();
  return { server, client: new Anthropic({ apiKey: 'test-key', baseURL, maxRetries: 0 }) };
}

describe('fake Anthropic server', () => {
  it('streams the documented SSE event sequence, which the real SDK assembles into a message', async () => {
    const { server, client } = await started();
    server.enqueue(reply([text('Let me check.'), toolUse('service_status', { service: 'api', environment: 'staging' }, 'toolu_1')], { usage: { input_tokens: 42, output_tokens: 7 } }));
    const events: string[] = [];
    const stream = client.messages.stream({ model: 'claude-test', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    stream.on('streamEvent', (event) => events.push(event.type === 'content_block_delta' ? `delta:${event.delta.type}` : event.type));
    const message = await stream.finalMessage();

    expect(events[0]).toBe('message_start');
    expect(events).toContain('delta:text_delta');
    expect(events).toContain('delta:input_json_delta');
    expect(events.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(message.content).toEqual([
      { type: 'text', text: 'Let me check.', citations: undefined },
      { type: 'tool_use', id: 'toolu_1', name: 'service_status', input: { service: 'api', environment: 'staging' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 42, output_tokens: 7 });
    expect(server.requests[0]!.body).toMatchObject({ model: 'claude-test', stream: true });
  });

  it('answers plain JSON when not streaming, and errors in the API error shape', async () => {
    const { server, client } = await started();
    server.enqueue(reply([text('plain')]));
    const message = await client.messages.create({ model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'plain' }]);

    await expect(client.messages.create({ model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'again' }] })).rejects.toMatchObject({
      status: 400,
      error: { type: 'error', error: { type: 'invalid_request_error' } },
    });
  });
});
