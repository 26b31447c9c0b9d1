import type { FakeResponse } from './fake-anthropic-server.js';

/** Ways a model stream can go wrong on the wire that the SDK cannot turn into a message. */
export type StreamDefect = 'broken-tool-json' | 'truncated' | 'garbage-event';

const event = (name: string, data: unknown) => `event: ${name}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

const START = event('message_start', {
  type: 'message_start',
  message: { id: 'msg_malformed', type: 'message', role: 'assistant', model: 'claude-test', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 100, output_tokens: 1 } },
});
const END = event('message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 20 } }) + event('message_stop', { type: 'message_stop' });

/**
 * One streamed answer with `defect`, written as raw SSE: a tool call whose input_json_delta pieces do not add up
 * to JSON, a stream cut off mid-block (no message_stop), or an event whose data is not JSON at all.
 */
export function malformedStream(defect: StreamDefect): FakeResponse {
  const toolStart = event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_malformed', name: 'deploy', input: {} } });
  const delta = (partial: string) => event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: partial } });
  const stop = event('content_block_stop', { type: 'content_block_stop', index: 0 });
  switch (defect) {
    case 'broken-tool-json':
      return { kind: 'raw', body: START + toolStart + delta('{"service": "api", ') + delta('"environment": staging}}') + stop + END };
    case 'truncated':
      return { kind: 'raw', body: START + toolStart + delta('{"service": "ap') };
    case 'garbage-event':
      return { kind: 'raw', body: START + event('content_block_delta', '{"type": "content_block_delta", "index": 0, "delta": {') + END };
  }
}
