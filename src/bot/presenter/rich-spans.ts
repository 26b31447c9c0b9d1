import type { RichText, Span } from '../conversation/card.js';
import { ISO_TIMESTAMP } from './times.js';

/**
 * Fills a sentence built as a string (the state-sentence table, preview facts) with spans: each mark hands back a
 * token standing for its spans, and `spans` turns the filled string back into rich text. Every value goes in
 * through a mark, so no outside text is ever read back as a token.
 */
export class SpanTokens {
  private readonly parts: RichText[] = [];

  /** A token standing for these spans in a string. */
  token(spans: RichText): string {
    this.parts.push(spans);
    return `\uE000${this.parts.length - 1}\uE000`;
  }

  /** The filled string as rich text, tokens replaced by their spans. */
  spans(filled: string): RichText {
    return filled.split(/\uE000(\d+)\uE000/).flatMap((part, index): RichText => (index % 2 === 1 ? (this.parts[Number(part)] ?? []) : part ? [part] : []));
  }
}

// Slack user mentions (`<@U00LEAD>`) tools write, and ISO timestamps.
const OUTSIDE_MARKS = new RegExp(`<@([UW][A-Z0-9]{2,})>|(${ISO_TIMESTAMP.source})`, 'g');

/**
 * Text opsbot did not write (a tool's result) as rich text: literal, except the people it names (`<@U00LEAD>`, as
 * tools name them) and ISO timestamps, which every platform shows in its own way. Nothing else can mention or link.
 */
export function outsideSpans(text: string): RichText {
  const spans: Span[] = [];
  let last = 0;
  for (const match of text.matchAll(OUTSIDE_MARKS)) {
    if (match.index > last) spans.push(text.slice(last, match.index));
    spans.push(match[1] ? { person: match[1] } : { time: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) spans.push(text.slice(last));
  return spans;
}

// User ids always carry a digit, which keeps words like `UTC` alone.
const USER_ID = /\b([UW](?=[A-Z0-9]*\d)[A-Z0-9]{2,})\b/g;

/** A sentence of ours that names people by bare id ("a lead other than U00LEAD") with each id as a person. */
export function peopleSpans(text: string): RichText {
  return text.split(USER_ID).flatMap((part, index): Span[] => (index % 2 === 1 ? [{ person: part }] : part ? [part] : []));
}
