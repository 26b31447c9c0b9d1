import type { MessageParam, TextBlockParam, Tool, ToolResultBlockParam, ToolUnion } from '@anthropic-ai/sdk/resources/messages';
import type { ModelRequest } from '../claude/model-client.js';

/** One Chat Completions message as opsbot sends it. */
export type ChatCompletionMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A function call as Chat Completions states it: arguments are a JSON string. */
export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** The body of POST {baseUrl}/chat/completions, streamed. */
export interface ChatCompletionRequest {
  model: string;
  messages: ChatCompletionMessage[];
  max_tokens: number;
  stream: true;
  stream_options: { include_usage: true };
  tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters: unknown } }>;
  tool_choice?: 'none';
}

/**
 * A Messages API request in Chat Completions terms: the system blocks become one system message, tool_use blocks
 * become tool_calls, tool_result blocks become tool messages (right after the call, as the format requires, before
 * any text of the same turn). Cache breakpoints and thinking have no equivalent and are dropped.
 */
export function chatCompletionRequest(request: ModelRequest): ChatCompletionRequest {
  const system = typeof request.system === 'string' ? request.system : (request.system ?? []).map((block: TextBlockParam) => block.text).join('\n\n');
  const messages: ChatCompletionMessage[] = system ? [{ role: 'system', content: system }] : [];
  for (const message of request.messages) messages.push(...chatMessages(message));
  const tools = (request.tools ?? []).filter(isCustomTool).map((tool) => ({ type: 'function' as const, function: { name: tool.name, description: tool.description, parameters: tool.input_schema } }));
  return {
    model: request.model,
    messages,
    max_tokens: request.max_tokens,
    stream: true,
    // The usage chunk at the end feeds the daily token budget.
    stream_options: { include_usage: true },
    ...(tools.length ? { tools, ...(request.tool_choice?.type === 'none' ? { tool_choice: 'none' as const } : {}) } : {}),
  };
}

function chatMessages(message: MessageParam): ChatCompletionMessage[] {
  if (typeof message.content === 'string') return [{ role: message.role, content: message.content }];
  const blocks = message.content;
  // Separate blocks (an outcome note, then the question) stay paragraphs of one message.
  const text = blocks
    .flatMap((block) => (block.type === 'text' ? [block.text] : []))
    .join('\n\n');
  if (message.role === 'assistant') {
    const calls = blocks.flatMap((block): ChatToolCall[] => (block.type === 'tool_use' ? [{ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } }] : []));
    return [{ role: 'assistant', content: text || null, ...(calls.length ? { tool_calls: calls } : {}) }];
  }
  const results = blocks.flatMap((block) => (block.type === 'tool_result' ? [block] : []));
  const answers: ChatCompletionMessage[] = results.map((result) => ({ role: 'tool', tool_call_id: result.tool_use_id, content: resultText(result) }));
  return text ? [...answers, { role: 'user', content: text }] : answers;
}

function resultText(result: ToolResultBlockParam): string {
  const content = typeof result.content === 'string' ? result.content : (result.content ?? []).flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n');
  // The format has no error flag; the model must still be able to tell a failed call from data.
  return result.is_error ? `Error: ${content}` : content;
}

function isCustomTool(tool: ToolUnion): tool is Tool {
  return 'input_schema' in tool;
}

