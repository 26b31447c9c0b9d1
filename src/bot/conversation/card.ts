/**
 * A card or message described once, as structure, and rendered by each chat platform's adapter: Block Kit
 * (Slack), Adaptive Cards (Teams), message attachments with actions (Mattermost), embeds with components
 * (Discord). Text is a list of spans, never markup: a plain string is shown exactly as written on every
 * platform (each renderer escapes it), so text we did not write can never become a mention, a link or a
 * broadcast. Only the span kinds below make markup, and only opsbot builds them.
 */

/** How a state reads at a glance; each renderer picks its own emoji or colour. */
export type Icon = 'firing' | 'resolved' | 'ok' | 'warning' | 'error' | 'info' | 'approval' | 'running' | 'rejected' | 'expired' | 'undo' | 'eyes' | 'page';

/** Each icon as a Unicode emoji, for platforms that show those as they are (Teams, Discord). */
export const ICON_EMOJI: Readonly<Record<Icon, string>> = {
  firing: '🚨',
  resolved: '✅',
  ok: '✅',
  warning: '⚠️',
  error: '❌',
  info: 'ℹ️',
  approval: '✋',
  running: '⏳',
  rejected: '🚫',
  expired: '⏰',
  undo: '↩️',
  eyes: '👀',
  page: '📟',
};

/** Each icon by the emoji short name Slack and Mattermost both read (`:rotating_light:`). */
export const ICON_SHORTCODES: Readonly<Record<Icon, string>> = {
  firing: ':rotating_light:',
  resolved: ':white_check_mark:',
  ok: ':white_check_mark:',
  warning: ':warning:',
  error: ':x:',
  info: ':information_source:',
  approval: ':raised_hand:',
  running: ':hourglass_flowing_sand:',
  rejected: ':no_entry_sign:',
  expired: ':alarm_clock:',
  undo: ':leftwards_arrow_with_hook:',
  eyes: ':eyes:',
  page: ':pager:',
};

/** One piece of rich text. */
export type Span =
  /** Literal text from anywhere (labels, titles, tool output): shown as typed, newlines kept. */
  | string
  | { bold: Span[] }
  | { italic: Span[] }
  /** Identifiers, versions, commands: shown exactly, in a monospace font. */
  | { code: string }
  /** A link we make; only http(s) URLs are linked, anything else shows the label alone. */
  | { link: string; label: string }
  /** An opsbot person id (`U00LEAD`): a mention where the platform knows the person, else their name. */
  | { person: string }
  /** A channel on the platform the text is posted to (`C0APPROVALS`): a link to it where the platform makes one, else its id. */
  | { channel: string }
  /** An ISO timestamp: in the reader's own time zone where the platform can (Slack), else `14:05 UTC`. */
  | { time: string }
  | { icon: Icon };

/** A paragraph or a few lines of rich text. */
export type RichText = Span[];

/** A labelled fact (`Environment: production`). */
export interface CardField {
  label: string;
  value: RichText;
}

/**
 * A button. `value` is only ever a stored reference (an action id, an alert group ref): whatever it names is
 * read back from the store and re-checked at click time, so a forged or replayed click can do no more than
 * the clicker may.
 */
export interface CardButton {
  /** What the click means (`opsbot_approve`, `opsbot_alert_silence`); the same on every platform. */
  actionId: string;
  label: string;
  value: string;
  style?: 'primary' | 'danger';
}

/** One block of a card: text, facts, or both. `id` names it for later edits and tests. */
export interface CardSection {
  id?: string;
  text?: RichText;
  fields?: CardField[];
  /** Quoted text from elsewhere (an alert's summary). */
  quote?: string;
}

export interface Card {
  /** Plain text for notifications, screen readers and clients that show no cards. */
  fallback: string;
  /** Colour hint where the platform has one (attachment bar, embed colour). */
  tone?: 'good' | 'warning' | 'danger' | 'neutral';
  sections: CardSection[];
  /** Small print under the card (who asked, when it expires, the reference). */
  context?: RichText;
  /** Names the small print for later edits and tests, as `id` names a section. */
  contextId?: string;
  buttons?: CardButton[];
}

/** What is posted: a card, or rich text alone. */
export type ChatContent = Card | { text: RichText; fallback?: string };

export function isCard(content: ChatContent): content is Card {
  return 'sections' in content;
}

/** The plain text of rich text: what a renderer without markup, a log line or a test reads. */
export function plainText(text: RichText, nameOf: (person: string) => string = (person) => person): string {
  return text.map((span) => plainSpan(span, nameOf)).join('');
}

function plainSpan(span: Span, nameOf: (person: string) => string): string {
  if (typeof span === 'string') return span;
  if ('bold' in span) return plainText(span.bold, nameOf);
  if ('italic' in span) return plainText(span.italic, nameOf);
  if ('code' in span) return span.code;
  if ('link' in span) return span.label;
  if ('person' in span) return `@${nameOf(span.person)}`;
  if ('time' in span) return span.time;
  if ('channel' in span) return `#${span.channel}`;
  return '';
}

/** Every text of a card as plain text, sections in order: for fallbacks, logs and contract tests. */
export function cardPlainText(card: Card, nameOf?: (person: string) => string): string {
  const lines: string[] = [];
  for (const section of card.sections) {
    if (section.text) lines.push(plainText(section.text, nameOf));
    if (section.quote) lines.push(section.quote);
    for (const field of section.fields ?? []) lines.push(`${field.label}: ${plainText(field.value, nameOf)}`);
  }
  if (card.context) lines.push(plainText(card.context, nameOf));
  return lines.join('\n');
}

/** Only http(s) URLs become links; renderers call this before making one. */
export function isLinkable(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url);
}
