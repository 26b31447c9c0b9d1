import { redact, redactText } from '../../util/redact.js';
import type { ChatMessage } from './conversation-memory.js';

/**
 * The model's streamed text with secrets redacted before anyone sees it. A secret can arrive split over
 * several deltas, so text is passed on only up to the last whitespace (every secret shape is one word),
 * and further back when what ends there could still continue into one (`Bearer` and its token, an
 * unfinished private-key block). Redacting a longer text then always extends what was already sent,
 * so the deltas still add up to the redacted reply.
 */
export class RedactedStream {
  private raw = '';
  private sent = '';

  constructor(private readonly onText: (delta: string) => void) {}

  /** Everything passed on so far. */
  get text(): string {
    return this.sent;
  }

  push(delta: string): void {
    this.raw += delta;
    this.send(redactText(this.raw.slice(0, safeEnd(this.raw))));
  }

  /** The turn is over: what was held back goes out, redacted. */
  finish(): string {
    this.send(redactText(this.raw));
    return this.sent;
  }

  private send(redacted: string): void {
    if (redacted.length <= this.sent.length || !redacted.startsWith(this.sent)) return;
    this.onText(redacted.slice(this.sent.length));
    this.sent = redacted;
  }
}

/** A turn's messages as memory keeps them: the model's text and tool arguments redacted like everything else stored. */
export function redactedTurn(messages: ChatMessage[]): ChatMessage[] {
  return messages.map((message) => {
    if (message.role !== 'assistant') return message;
    if (typeof message.content === 'string') return { ...message, content: redactText(message.content) };
    // Thinking blocks are signed by the API and must go back unchanged, so only text and tool calls are touched.
    const content = message.content.map((block) => (block.type === 'text' ? { ...block, text: redactText(block.text) } : block.type === 'tool_use' ? { ...block, input: redact(block.input) } : block));
    return { ...message, content };
  });
}

function safeEnd(text: string): number {
  let end = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\n'), text.lastIndexOf('\t')) + 1;
  const bearer = /\bBearer\s*$/i.exec(text.slice(0, end));
  if (bearer) end = bearer.index;
  const keyStart = text.lastIndexOf('-----BEGIN');
  if (keyStart >= 0 && keyStart < end && text.indexOf('-----END', keyStart) < 0) end = keyStart;
  return end;
}
