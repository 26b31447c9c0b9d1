import type { Icon, RichText } from './card.js';
import { outsideSpans } from './outside-text.js';

// The few marks the workflows' own builders write (src/workflows/briefing-message.ts): a bold label at a line's start
// or after an emoji, a line in italics, inline code, and emoji names for states.
const MARKS = /:([a-z_]+):|(?<=^|\s)\*([^*\n]+)\*(?=\s|$)|^_([^\n]+)_$|`([^`\n]+)`/gm;
const ICONS: Record<string, Icon> = { clipboard: 'info', warning: 'warning', chart_with_upwards_trend: 'info', rotating_light: 'firing', white_check_mark: 'ok' };

/**
 * A workflow's message (written for Slack: `*bold*`, `_italics_`, `:warning:`) as rich text for any platform. Only
 * those marks become spans, and they only style text (never a link or a mention); the rest stays literal, with the
 * people and times tools write made live as everywhere else.
 */
export function workflowSpans(text: string): RichText {
  const spans: RichText = [];
  let at = 0;
  for (const match of text.matchAll(MARKS)) {
    const [whole, emoji, bold, italic, code] = match;
    if (emoji !== undefined && !ICONS[emoji]) continue;
    if (match.index > at) spans.push(...outsideSpans(text.slice(at, match.index)));
    if (emoji !== undefined) spans.push({ icon: ICONS[emoji]! });
    else if (bold !== undefined) spans.push({ bold: outsideSpans(bold) });
    else if (italic !== undefined) spans.push({ italic: workflowSpans(italic) });
    else if (code !== undefined) spans.push({ code });
    at = match.index + whole.length;
  }
  if (at < text.length) spans.push(...outsideSpans(text.slice(at)));
  return spans;
}
