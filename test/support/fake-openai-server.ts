import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeResponse } from './fake-anthropic-server.js';

/** The parts of a Chat Completions request the tests look at. */
export interface ChatRequestBody {
  model: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  tool_choice?: unknown;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters: unknown } }>;
  messages: Array<{ role: string; content: string | null; tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>; tool_call_id?: string }>;
}

/** A request as the fake received it. */
export interface RecordedChatRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: ChatRequestBody;
}

/**
 * A loopback OpenAI-compatible server (vLLM, Ollama, LiteLLM speak the same): `POST /v1/chat/completions`, answered
 * with SSE chunks (`data: {"choices":[{"delta":{content | tool_calls:[{index,id,function:{name,arguments}}]}}]}`),
 * a finish_reason chunk, the usage chunk when `stream_options.include_usage` asks for it, then `data: [DONE]`.
 * Answers are the same scripted FakeResponses as the Anthropic fake's; errors use OpenAI's envelope
 * (`{"error": {message, type, param, code}}`), and a wrong key is refused with part of it echoed, as OpenAI does.
 */
export class FakeOpenAiServer {
  readonly requests: RecordedChatRequest[] = [];
  private readonly queue: FakeResponse[] = [];
  private server?: Server;
  private readonly hanging = new Set<ServerResponse>();

  constructor(private readonly apiKey?: string) {}

  enqueue(...responses: FakeResponse[]): this {
    this.queue.push(...responses);
    return this;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') return sendError(response, 404, 'invalid_request_error', `Unknown request URL: ${request.method} ${request.url}`);
    const given = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
    if (this.apiKey !== undefined && given !== this.apiKey) return sendError(response, 401, 'invalid_request_error', `Incorrect API key provided: ${given}.`, 'invalid_api_key');
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequestBody;
    const invalid = toolPairingProblem(body);
    if (invalid) return sendError(response, 400, 'invalid_request_error', invalid);
    this.requests.push({ path: request.url, headers: request.headers, body });
    const answer = this.queue.shift();
    if (!answer) return sendError(response, 400, 'invalid_request_error', 'fake server: no scripted answer');
    if (answer.kind === 'hang') {
      this.hanging.add(response);
      response.on('close', () => this.hanging.delete(response));
      return;
    }
    if (answer.kind === 'error') return sendError(response, answer.status, answer.errorType, answer.message ?? answer.errorType, null, answer.headers);
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    if (answer.kind === 'raw') return void response.end(answer.body);
    const id = `chatcmpl-${randomBytes(6).toString('hex')}`;
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1_765_000_000, model: body.model, choices, ...extra })}\n\n`;
    const delta = (value: Record<string, unknown>) => chunk([{ index: 0, delta: value, finish_reason: null }]);
    let out = delta({ role: 'assistant', content: '' });
    const calls = answer.content.filter((block) => block.type === 'tool_use');
    for (const block of answer.content) if (block.type === 'text') for (const piece of thirds(block.text)) out += delta({ content: piece });
    for (const [index, block] of calls.entries()) {
      if (block.type !== 'tool_use') continue;
      out += delta({ tool_calls: [{ index, id: block.id, type: 'function', function: { name: block.name, arguments: '' } }] });
      for (const piece of thirds(JSON.stringify(block.input))) out += delta({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
    const finish = calls.length ? 'tool_calls' : answer.stopReason === 'max_tokens' ? 'length' : 'stop';
    out += chunk([{ index: 0, delta: {}, finish_reason: finish }]);
    const usage = { prompt_tokens: answer.usage?.input_tokens ?? 100, completion_tokens: answer.usage?.output_tokens ?? 20 };
    if (body.stream_options?.include_usage) out += chunk([], { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
    response.end(`${out}data: [DONE]\n\n`);
  }
}

function sendError(response: ServerResponse, status: number, type: string, message: string, code: string | null = null, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify({ error: { message, type, param: null, code } }));
}

/** OpenAI's rule for tool messages: each answers a call of the assistant message right before them, and every call is answered. */
function toolPairingProblem(body: ChatRequestBody): string | undefined {
  for (const [index, message] of body.messages.entries()) {
    if (message.role !== 'assistant' || !message.tool_calls?.length) continue;
    const answered = new Set<string>();
    for (const next of body.messages.slice(index + 1)) {
      if (next.role !== 'tool') break;
      answered.add(next.tool_call_id ?? '');
    }
    const missing = message.tool_calls.filter((call) => !answered.has(call.id));
    if (missing.length) return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${missing.map((call) => call.id).join(', ')}`;
  }
  for (const [index, message] of body.messages.entries()) {
    if (message.role !== 'tool') continue;
    const owner = body.messages.slice(0, index).reverse().find((earlier) => earlier.role !== 'tool');
    if (!owner?.tool_calls?.some((call) => call.id === message.tool_call_id)) return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
  }
  return undefined;
}

function thirds(value: string): string[] {
  if (value.length < 3) return [value];
  const third = Math.ceil(value.length / 3);
  return [value.slice(0, third), value.slice(third, 2 * third), value.slice(2 * third)];
}
