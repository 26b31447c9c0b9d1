import { ISO_TIMESTAMP } from '../presenter/times.js';
import type { RichText } from './card.js';

// What tools write that should stay live: a person (`<@U00LEAD>`, the way tools name people) and timestamps.
const LIVE = new RegExp(`<@([UW][A-Z0-9]{2,})>|(${ISO_TIMESTAMP.source})`, 'g');

/**
 * Text opsbot did not write itself (a tool's result, an outcome) as rich text: literal everywhere, so no broadcast
 * or disguised link survives on any platform, except person mentions tools make and timestamps, which become spans.
 */
export function outsideSpans(text: string): RichText {
  const spans: RichText = [];
  let at = 0;
  for (const match of text.matchAll(LIVE)) {
    if (match.index > at) spans.push(text.slice(at, match.index));
    spans.push(match[1] ? { person: match[1] } : { time: match[0] });
    at = match.index + match[0].length;
  }
  if (at < text.length) spans.push(text.slice(at));
  return spans;
}
