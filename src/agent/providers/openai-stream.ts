import type { ContentBlock, Message, StopReason } from '@anthropic-ai/sdk/resources/messages';
import type { RoundListener } from '../claude/model-client.js';
import { ModelUnavailableError } from '../claude/model-errors.js';

/** The parts of a Chat Completions stream chunk opsbot reads. */
interface ChatChunk {
  id?: string;
  choices?: Array<{
    delta?: { content?: string | null; tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }> };
    finish_reason?: string | null;
  }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: unknown;
}

const MALFORMED = () => new ModelUnavailableError({ timedOut: false, reason: 'the API sent a malformed response' });

/**
 * Reads a Chat Completions SSE body (`data: {chunk}` events, then `data: [DONE]`) into a Messages API message:
 * text deltas are told to the listener as they arrive; tool_calls deltas are joined by index. A stream that ends
 * before a finish_reason, or whose tool arguments are not a JSON object, is malformed, so no half-read call runs.
 */
export async function readChatStream(body: ReadableStream<Uint8Array>, model: string, listener?: RoundListener): Promise<Message> {
  const parts = new ChatParts(listener);
  let buffer = '';
  for await (const piece of body.pipeThrough(new TextDecoderStream())) {
    buffer += piece;
    const events = buffer.split(/\r?\n\r?\n/);
    buffer = events.pop() ?? '';
    for (const event of events) if (parts.event(event) === 'done') return parts.message(model);
  }
  if (buffer.trim()) parts.event(buffer);
  return parts.message(model);
}

class ChatParts {
  private text = '';
  private readonly calls = new Map<number, { id: string; name: string; arguments: string }>();
  private finish?: string;
  private usage = { input_tokens: 0, output_tokens: 0 };
  private id = '';

  constructor(private readonly listener: RoundListener | undefined) {}

  /** One SSE event; 'done' at [DONE]. */
  event(raw: string): 'done' | undefined {
    const data = raw
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (!data) return undefined;
    if (data === '[DONE]') return 'done';
    let chunk: ChatChunk;
    try {
      chunk = JSON.parse(data) as ChatChunk;
    } catch {
      throw MALFORMED();
    }
    // Servers report failures that happen mid-stream as an event (vLLM, LiteLLM); their text stays unread.
    if (chunk.error) throw new ModelUnavailableError({ timedOut: false, reason: 'the API failed while answering' });
    this.id ||= chunk.id ?? '';
    if (chunk.usage) this.usage = { input_tokens: chunk.usage.prompt_tokens ?? 0, output_tokens: chunk.usage.completion_tokens ?? 0 };
    for (const choice of chunk.choices ?? []) {
      const content = choice.delta?.content;
      if (content) {
        if (!this.text) this.listener?.textBlock();
        this.text += content;
        this.listener?.text(content);
      }
      for (const call of choice.delta?.tool_calls ?? []) {
        const known = this.calls.get(call.index) ?? { id: '', name: '', arguments: '' };
        known.id ||= call.id ?? '';
        // The name comes whole in a call's first delta; later deltas carry only pieces of the arguments.
        known.name ||= call.function?.name ?? '';
        known.arguments += call.function?.arguments ?? '';
        this.calls.set(call.index, known);
      }
      if (choice.finish_reason) this.finish = choice.finish_reason;
    }
    return undefined;
  }

  message(model: string): Message {
    if (!this.finish) throw MALFORMED();
    const content: ContentBlock[] = this.text ? [{ type: 'text', text: this.text, citations: null }] : [];
    for (const [index, call] of [...this.calls.entries()].sort(([a], [b]) => a - b)) {
      if (!call.name) throw MALFORMED();
      content.push({ type: 'tool_use', id: call.id || `call_${index}`, name: call.name, input: parseArguments(call.arguments) } as ContentBlock);
    }
    const stop: StopReason = this.calls.size ? 'tool_use' : this.finish === 'length' ? 'max_tokens' : this.finish === 'content_filter' ? 'refusal' : 'end_turn';
    return {
      id: this.id || 'chatcmpl',
      type: 'message',
      role: 'assistant',
      model,
      content,
      stop_reason: stop,
      stop_sequence: null,
      usage: { ...this.usage, cache_creation_input_tokens: null, cache_read_input_tokens: null, server_tool_use: null, service_tier: null },
    } as Message;
  }
}

function parseArguments(text: string): unknown {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw MALFORMED();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw MALFORMED();
  return value;
}
