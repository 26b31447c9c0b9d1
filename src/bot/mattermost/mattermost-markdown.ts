import { isLinkable, type RichText, type Span, ICON_SHORTCODES } from '../conversation/card.js';
import { clockTime } from '../presenter/times.js';

/**
 * Rich text as Mattermost markdown. Literal text is escaped so it shows exactly as typed: markdown characters get a
 * backslash, and what Mattermost turns into a notification or a link without any markup (`@channel`, `@here`,
 * `@all`, `@name`, `~channel`, `https://…`, `www.…`) is broken with a word joiner (U+2060), which reads the same
 * but matches no mention or autolink rule on the server or in any client.
 */

const JOINER = '\u2060';

/** Mentions, channel links and autolinks in text we did not write, made inert. */
export function neutraliseMentions(text: string): string {
  return text
    .replace(/([@~])(?=[\p{L}\p{N}_.-])/gu, `$1${JOINER}`)
    .replace(/([a-z][a-z0-9+.-]*):(?=\/\/)/gi, `$1${JOINER}:`)
    .replace(/\b(www)\./gi, `$1${JOINER}.`);
}

/**
 * Literal text as markdown that renders as typed: every character marked's escape rule knows gets a backslash
 * (links, images, emphasis, code, tables, quotes, headings), a list or rule marker at a line's start too, and
 * mentions and autolinks are neutralised.
 */
export function escapeMarkdown(text: string): string {
  const escaped = neutraliseMentions(text)
    .replace(/[\\`*_{}[\]()#!>|~]/g, '\\$&')
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)\./gm, '$1\\.');
  // Four spaces would start a code block; a tab the same.
  return escaped.replace(/^( {4,}|\t)/gm, (indent) => indent.replace(/ /g, '\u00a0').replace(/\t/g, '\u00a0'.repeat(4)));
}

/** Cuts text to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/** How a person is named: `@username` where Mattermost knows them (a live mention), else their name as literal text. */
export type PersonNames = (person: string) => { username?: string; name: string };

/** Rich text as Mattermost markdown: literal strings escaped, so only spans opsbot built can mention, link or format. */
export function mattermostMarkdown(text: RichText, names: PersonNames, now: Date = new Date()): string {
  return text.map((part) => span(part, names, now)).join('');
}

function span(part: Span, names: PersonNames, now: Date): string {
  if (typeof part === 'string') return escapeMarkdown(part);
  if ('bold' in part) return wrap('**', mattermostMarkdown(part.bold, names, now));
  if ('italic' in part) return wrap('_', mattermostMarkdown(part.italic, names, now));
  // A backtick inside would end the span early; markdown code spans have no escape for it.
  if ('code' in part) return part.code ? `\`${neutraliseMentions(part.code.replace(/`/g, "'"))}\`` : '';
  if ('link' in part) return markdownLink(part.link, part.label);
  if ('person' in part) {
    const person = names(part.person);
    return person.username && /^[a-z0-9._-]+$/i.test(person.username) ? `@${person.username}` : escapeMarkdown(person.name);
  }
  if ('time' in part) {
    const at = new Date(part.time);
    return Number.isFinite(at.getTime()) ? clockTime(at, now) : escapeMarkdown(part.time);
  }
  if ('channel' in part) return escapeMarkdown(`#${part.channel}`);
  return ICON_SHORTCODES[part.icon];
}

/** Emphasis only applies when the markers touch text: spaces move outside them. */
function wrap(marker: string, inner: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return match[2] ? `${match[1]}${marker}${match[2]}${marker}${match[3]}` : inner;
}

/** A link we make: only http(s), with the characters that would end the target percent-encoded; else the label alone. */
export function markdownLink(url: string, label: string): string {
  if (!isLinkable(url)) return escapeMarkdown(label);
  // encodeURIComponent leaves parentheses alone, and a `)` would end the link early.
  const safe = url.replace(/[()<>\s"\\]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${escapeMarkdown(label)}](${safe})`;
}
