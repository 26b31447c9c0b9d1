import type { ContentBlock, ContentBlockParam, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import type { ChatMessage } from './conversation-memory.js';

/**
 * A response's content as it must be sent back in the next request: text, tool calls and thinking (with its
 * signature, which the API checks) are kept; kinds opsbot never asks for are dropped.
 */
export function assistantContent(content: readonly ContentBlock[]): ContentBlockParam[] {
  const kept: ContentBlockParam[] = [];
  for (const block of content) {
    if (block.type === 'text') kept.push({ type: 'text', text: block.text });
    else if (block.type === 'tool_use') kept.push({ type: 'tool_use', id: block.id, name: block.name, input: block.input });
    else if (block.type === 'thinking') kept.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    else if (block.type === 'redacted_thinking') kept.push({ type: 'redacted_thinking', data: block.data });
  }
  return kept;
}

/** The tool calls in a response, in the order the model made them. */
export function toolUsesOf(content: readonly ContentBlock[]): ToolUseBlock[] {
  return content.filter((block): block is ToolUseBlock => block.type === 'tool_use');
}

/** The visible text of a response (thinking excluded). */
export function textOf(content: readonly (ContentBlock | ContentBlockParam)[]): string {
  return content
    .flatMap((block) => (block.type === 'text' ? [block.text] : []))
    .join('\n')
    .trim();
}

/**
 * A copy of the messages with a cache breakpoint on the last block, so the next round of the same message reads
 * the conversation so far from the cache. A copy, because stored memory must not accumulate breakpoints.
 */
export function withCacheBreakpoint(messages: readonly ChatMessage[]): ChatMessage[] {
  const copy = [...messages];
  const last = copy[copy.length - 1];
  if (!last || typeof last.content === 'string' || last.content.length === 0) return copy;
  const blocks = [...last.content];
  const final = blocks[blocks.length - 1]!;
  // Thinking blocks cannot carry cache_control; every block a user message ends with here can.
  if (final.type === 'thinking' || final.type === 'redacted_thinking') return copy;
  blocks[blocks.length - 1] = { ...final, cache_control: { type: 'ephemeral' } } as ContentBlockParam;
  copy[copy.length - 1] = { ...last, content: blocks };
  return copy;
}
