import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A content block the fake model answers with. */
export type FakeBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

/** Token counts the fake reports, as the real API does in message_start and message_delta. */
export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** How a streamed message is cut into deltas: pieces of `size` characters, `delayMs` apart (default: three pieces, no delay). */
export interface FakeChunking {
  size: number;
  delayMs?: number;
}

/** One scripted answer: a message (streamed when the request asks for it), an HTTP error, or silence until the client gives up. */
export type FakeResponse =
  | { kind: 'message'; content: FakeBlock[]; stopReason?: string; usage?: FakeUsage; delayMs?: number; chunking?: FakeChunking }
  | { kind: 'error'; status: number; errorType: string; message?: string; headers?: Record<string, string> }
  | { kind: 'hang' }
  /** A 200 event stream written exactly as given: broken or cut-off streams that no well-behaved API sends. */
  | { kind: 'raw'; body: string };

/** A request as the fake received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: MessagesRequestBody;
}

/** The parts of a Messages API request body the tests look at. */
export interface MessagesRequestBody {
  model: string;
  max_tokens: number;
  stream?: boolean;
  system?: Array<{ type: 'text'; text: string; cache_control?: { type: string } }>;
  tools?: Array<{ name: string; description?: string; input_schema: unknown; cache_control?: { type: string } }>;
  tool_choice?: { type: string };
  messages: Array<{ role: 'user' | 'assistant'; content: string | Array<Record<string, unknown> & { type: string }> }>;
}

/** Decides the answer to one request; gets the request and its 0-based index. */
export type FakeScript = (request: RecordedRequest, index: number) => FakeResponse;

export const text = (value: string): FakeBlock => ({ type: 'text', text: value });
export const toolUse = (name: string, input: unknown, id = `toolu_${randomBytes(6).toString('hex')}`): FakeBlock => ({ type: 'tool_use', id, name, input });
/** A message answer; stop_reason is tool_use when it holds a tool call, else end_turn. */
export const reply = (content: FakeBlock[], options: { usage?: FakeUsage; stopReason?: string; delayMs?: number; chunking?: FakeChunking } = {}): FakeResponse => ({
  kind: 'message',
  content,
  stopReason: options.stopReason ?? (content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn'),
  usage: options.usage,
  delayMs: options.delayMs,
  chunking: options.chunking,
});
export const apiError = (status: number, errorType: string, headers: Record<string, string> = {}): FakeResponse => ({ kind: 'error', status, errorType, headers });

/**
 * A loopback peer speaking the Messages API wire format (DESIGN §9): JSON or SSE streaming with message_start,
 * content_block_start/delta (text_delta, input_json_delta)/stop, message_delta (stop_reason, usage) and
 * message_stop. Answers come from a queue or a script function; every request is recorded.
 */
export class FakeAnthropicServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: FakeResponse[] = [];
  private script?: FakeScript;
  private server?: Server;
  private readonly hanging = new Set<ServerResponse>();

  /** Answers given in order; when the queue is empty the script (if any) decides. */
  enqueue(...responses: FakeResponse[]): this {
    this.queue.push(...responses);
    return this;
  }

  useScript(script: FakeScript): this {
    this.script = script;
    return this;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.baseURL;
  }

  get baseURL(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('fake Anthropic server is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const body = this.route(request, raw);
    if (!body) {
      return this.sendError(response, { kind: 'error', status: 404, errorType: 'not_found_error', message: `no route ${request.method} ${request.url}` });
    }
    const recorded: RecordedRequest = { method: request.method!, path: request.url!, headers: request.headers, body };
    const refused = this.refuse(request, raw);
    if (refused) return this.sendError(response, refused);
    const index = this.requests.push(recorded) - 1;
    const answer = this.queue.shift() ?? this.script?.(recorded, index);
    if (!answer) return this.sendError(response, { kind: 'error', status: 400, errorType: 'invalid_request_error', message: `fake server: no scripted answer for request ${index}` });
    if (answer.kind === 'hang') {
      this.hanging.add(response);
      response.on('close', () => this.hanging.delete(response));
      return;
    }
    if (answer.kind === 'error') return this.sendError(response, answer);
    if (answer.kind === 'raw') return this.sendRaw(response, answer.body);
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    const message = messageOf(body.model, answer);
    if (body.stream) return this.sendStream(response, message, answer);
    response.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(6).toString('hex')}` });
    response.end(JSON.stringify(message));
  }

  /** The request body when the request is for this API (path and method), else undefined (answered 404). */
  protected route(request: IncomingMessage, raw: Buffer): MessagesRequestBody | undefined {
    if (request.method !== 'POST' || !request.url?.startsWith('/v1/messages')) return undefined;
    return JSON.parse(raw.toString('utf8')) as MessagesRequestBody;
  }

  /** An error to answer instead of the script's (a peer that checks credentials refuses here). */
  protected refuse(_request: IncomingMessage, _raw: Buffer): Extract<FakeResponse, { kind: 'error' }> | undefined {
    return undefined;
  }

  /** A scripted message as this API streams it. */
  protected async sendStream(response: ServerResponse, message: FakeMessage, answer: Extract<FakeResponse, { kind: 'message' }>): Promise<void> {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    for await (const event of streamEvents(message, answer, () => response.destroyed)) {
      if (response.destroyed) return;
      response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    }
    if (!response.destroyed) response.end();
  }

  /** A raw answer written as given after a 200. */
  protected sendRaw(response: ServerResponse, body: string): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.end(body);
  }

  protected sendError(response: ServerResponse, error: Extract<FakeResponse, { kind: 'error' }>): void {
    response.writeHead(error.status, { 'content-type': 'application/json', ...error.headers });
    response.end(JSON.stringify({ type: 'error', error: { type: error.errorType, message: error.message ?? error.errorType } }));
  }
}

export function messageOf(model: string, answer: Extract<FakeResponse, { kind: 'message' }>) {
  const usage = { input_tokens: 100, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...answer.usage };
  return { id: `msg_${randomBytes(8).toString('hex')}`, type: 'message', role: 'assistant', model, content: answer.content, stop_reason: answer.stopReason ?? 'end_turn', stop_sequence: null, usage };
}

/** A scripted answer as the message the API would return. */
export type FakeMessage = ReturnType<typeof messageOf>;

/**
 * A message as the stream events the real API sends, splitting text and tool input into several deltas; the same
 * events travel inside Bedrock's event stream and Vertex's streamRawPredict. `gone` ends the stream early (a client
 * that went away: an aborted turn, a stopped server).
 */
export async function* streamEvents(message: FakeMessage, answer: Extract<FakeResponse, { kind: 'message' }>, gone: () => boolean): AsyncGenerator<{ type: string } & Record<string, unknown>> {
  const pause = () => (answer.chunking?.delayMs ? new Promise((resolve) => setTimeout(resolve, answer.chunking!.delayMs)) : undefined);
  const { usage } = message;
  yield { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } };
  yield { type: 'ping' };
  for (const [index, block] of answer.content.entries()) {
    if (block.type === 'text') {
      yield { type: 'content_block_start', index, content_block: { type: 'text', text: '' } };
      for (const piece of split(block.text, answer.chunking?.size)) {
        if (gone()) return;
        yield { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } };
        await pause();
      }
    } else {
      yield { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } };
      for (const piece of split(JSON.stringify(block.input))) yield { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } };
    }
    yield { type: 'content_block_stop', index };
  }
  yield { type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } };
  yield { type: 'message_stop' };
}

// Pieces of `size` characters, or three when there is enough text, so clients must really accumulate deltas.
function split(value: string, size?: number): string[] {
  if (size) return Array.from({ length: Math.max(1, Math.ceil(value.length / size)) }, (_, index) => value.slice(index * size, (index + 1) * size));
  if (value.length < 3) return [value];
  const third = Math.ceil(value.length / 3);
  return [value.slice(0, third), value.slice(third, 2 * third), value.slice(2 * third)];
}
