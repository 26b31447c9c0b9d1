import type { AssistantMessageParam, ContentBlockParam, UserMessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { ConversationsRepository } from '../../store/conversations-repository.js';

/** A message of a conversation (the API's ChatMessage also allows `system`, which memory never holds). */
export type ChatMessage = UserMessageParam | AssistantMessageParam;

/** A message's content as a list of blocks (the API also accepts a bare string). */
export function blocksOf(message: ChatMessage): ContentBlockParam[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

/** A turn starts at a user message that is not answering tool calls: cutting there never separates a tool_use from its tool_result. */
export function startsTurn(message: ChatMessage): boolean {
  return message.role === 'user' && !blocksOf(message).some((block) => block.type === 'tool_result');
}

/** Keeps the newest `maxTurns` turns; anything before the first turn start (a damaged head) is dropped too. */
export function trimTurns(messages: readonly ChatMessage[], maxTurns: number): ChatMessage[] {
  const starts = messages.flatMap((message, index) => (startsTurn(message) ? [index] : []));
  if (starts.length === 0) return [];
  const keepFrom = starts[Math.max(0, starts.length - maxTurns)]!;
  return messages.slice(keepFrom);
}

/**
 * Joins neighbours of the same role into one message, as the API would, so an outcome note stored between two
 * turns, or a note followed by a new question, still makes an alternating conversation. Tool results stay first.
 */
export function mergeRoles(messages: readonly ChatMessage[]): ChatMessage[] {
  const merged: ChatMessage[] = [];
  for (const message of messages) {
    const previous = merged[merged.length - 1];
    if (previous && previous.role === message.role) {
      const blocks = [...blocksOf(previous), ...blocksOf(message)];
      const results = blocks.filter((block) => block.type === 'tool_result');
      const others = blocks.filter((block) => block.type !== 'tool_result');
      merged[merged.length - 1] = { ...message, content: [...results, ...others] };
    } else {
      merged.push({ ...message, content: blocksOf(message) });
    }
  }
  return merged;
}

/** Conversation memory per conversation id, bounded to the configured number of turns. */
export class ConversationMemory {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly maxTurns: number,
  ) {}

  /** The history to send before a new message: trimmed, alternating, starting with a user turn. */
  async load(conversationId: string): Promise<ChatMessage[]> {
    const stored = await this.conversations.get<ChatMessage>(conversationId);
    return stored ? mergeRoles(trimTurns(stored.messages, this.maxTurns)) : [];
  }

  /** Forgets a conversation's history (after the API refused it as invalid). */
  async forget(conversationId: string): Promise<void> {
    await this.conversations.delete(conversationId);
  }

  /** Appends one finished turn (the question through opsbot's last answer) and trims the oldest turns. */
  async appendTurn(conversationId: string, turn: readonly ChatMessage[]): Promise<void> {
    if (turn.length === 0) return;
    await this.conversations.update<ChatMessage>(conversationId, (messages) => trimTurns([...messages, ...turn], this.maxTurns));
  }

  /**
   * Appends a note from opsbot (an action's outcome) as a user-side message, once: two agents listening to one
   * gateway, or a replayed event, add it only once. Conversations that were never stored are left alone.
   */
  async appendNote(conversationId: string, text: string): Promise<boolean> {
    let added = false;
    await this.conversations.update<ChatMessage>(
      conversationId,
      (messages) => {
        const seen = messages.some((message) => message.role === 'user' && blocksOf(message).some((block) => block.type === 'text' && block.text === text));
        added = !seen;
        return seen ? undefined : trimTurns([...messages, { role: 'user', content: [{ type: 'text', text }] }], this.maxTurns);
      },
      { onlyIfExists: true },
    );
    return added;
  }
}
