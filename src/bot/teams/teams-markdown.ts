import { isLinkable, type RichText, type Span, ICON_EMOJI } from '../conversation/card.js';
import { clockTime } from '../presenter/times.js';

/**
 * Rich text as the markdown subset an Adaptive Card TextBlock renders in Teams (bold, italic, links, `<at>`
 * mentions). Literal text is escaped so only spans opsbot built can format, link or mention.
 */

/** A Teams mention entity: `<at>Name</at>` in the text, tied to the person's Entra (AAD) object id. */
export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/** Who a `{person}` span names: their display name, and their Teams (AAD) id when the config maps one. */
export type PersonLookup = (person: string) => { name: string; teamsId?: string };

/**
 * Escapes literal text for TextBlock markdown: emphasis and link punctuation is backslash-escaped, as are list
 * and heading markers at a line's start; `<`/`>` become look-alikes (Teams clients do not all decode HTML entities) so
 * `<at>…</at>` typed by someone can never become a mention; `://` is broken so a bare URL is not auto-linked.
 */
export function escapeTeamsMarkdown(text: string): string {
  return text
    // Only what Adaptive Cards' markdown reads (emphasis, links, lists): some Teams clients show a needless backslash as typed.
    .replace(/[\\*_[\]]/g, (character) => `\\${character}`)
    .replace(/^(\s*)([#+-]|\d+\.)/gm, (_match, space: string, marker: string) => `${space}${marker.replace(/([#+.-])$/, '\\$1')}`)
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/:\/\//g, ':/\u200b/');
}

/** Renders rich text, adding each mention it makes to `mentions`. */
export function teamsMarkdown(text: RichText, people: PersonLookup, mentions: MentionEntity[], now: Date = new Date()): string {
  return text.map((part) => span(part, people, mentions, now)).join('');
}

function span(part: Span, people: PersonLookup, mentions: MentionEntity[], now: Date): string {
  if (typeof part === 'string') return escapeTeamsMarkdown(part);
  if ('bold' in part) return wrap('**', teamsMarkdown(part.bold, people, mentions, now));
  if ('italic' in part) return wrap('_', teamsMarkdown(part.italic, people, mentions, now));
  // TextBlock markdown has no inline code; the literal text is still escaped so it shows exactly.
  if ('code' in part) return part.code ? escapeTeamsMarkdown(part.code) : '';
  if ('link' in part) return isLinkable(part.link) ? `[${escapeTeamsMarkdown(part.label)}](${part.link.replace(/[()\s]/g, encodeURIComponent)})` : escapeTeamsMarkdown(part.label);
  if ('person' in part) return person(part.person, people, mentions);
  if ('time' in part) return time(part.time, now);
  if ('channel' in part) return escapeTeamsMarkdown(`#${part.channel}`);
  return ICON_EMOJI[part.icon];
}

function person(id: string, people: PersonLookup, mentions: MentionEntity[]): string {
  const { name, teamsId } = people(id);
  const safeName = name.replace(/[<>]/g, '');
  if (!teamsId) return `@${escapeTeamsMarkdown(safeName)}`;
  const text = `<at>${safeName}</at>`;
  if (!mentions.some((mention) => mention.mentioned.id === teamsId)) mentions.push({ type: 'mention', text, mentioned: { id: teamsId, name: safeName } });
  return text;
}

function time(iso: string, now: Date): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? escapeTeamsMarkdown(iso) : clockTime(at, now);
}

/** Markdown marks only bind when they touch text: spaces move outside them. */
function wrap(marker: string, inner: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return match[2] ? `${match[1]}${marker}${match[2]}${marker}${match[3]}` : inner;
}
