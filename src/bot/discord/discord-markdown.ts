import { isLinkable, type RichText, type Span, ICON_EMOJI } from '../conversation/card.js';

/** Who a person span names on Discord: a user id to mention, else a display name to show as text. */
export type PersonLookup = (person: string) => { discordId?: string; name: string };

/** Where rich text lands: message content and embed descriptions render mentions and timestamps; titles and footers do not. */
export type MarkdownPlace = 'rich' | 'plain';

/**
 * Literal text as Discord markdown that shows exactly as typed. Discord drops a backslash before any
 * punctuation, so every character that can start formatting, a mention (`<@…>`, `@everyone`), a masked link or
 * a heading is escaped; `allowed_mentions` is the second lock on pings.
 */
export function escapeDiscord(text: string): string {
  return text
    .replace(/[\\*_~`|<>[\]#@]/g, (character) => `\\${character}`)
    // List markers at a line's start: `-`/`+` take a backslash before, a number's dot after (a digit cannot be escaped).
    .replace(/^(\s*)([-+])(?=\s)/gm, '$1\\$2')
    .replace(/^(\s*)(\d+)\.(?=\s)/gm, '$1$2\\.');
}

/** Rich text as Discord markdown; the users it mentions are collected so `allowed_mentions` can name only them. */
export function discordMarkdown(text: RichText, people: PersonLookup, place: MarkdownPlace = 'rich', mentioned?: Set<string>): string {
  return text.map((part) => span(part, people, place, mentioned)).join('');
}

function span(part: Span, people: PersonLookup, place: MarkdownPlace, mentioned?: Set<string>): string {
  if (typeof part === 'string') return escapeDiscord(part);
  if ('bold' in part) return wrap('**', discordMarkdown(part.bold, people, place, mentioned));
  if ('italic' in part) return wrap('*', discordMarkdown(part.italic, people, place, mentioned));
  if ('code' in part) return code(part.code);
  if ('link' in part) {
    const label = escapeDiscord(part.label);
    return isLinkable(part.link) && place === 'rich' ? `[${label}](${part.link.replace(/[()\s]/g, encodeURIComponent)})` : label;
  }
  if ('person' in part) {
    const { discordId, name } = people(part.person);
    if (discordId && place === 'rich') {
      mentioned?.add(discordId);
      return `<@${discordId}>`;
    }
    return `@${escapeDiscord(name)}`;
  }
  if ('time' in part) return time(part.time, place);
  // A channel mention links and pings nobody.
  if ('channel' in part) return /^\d+$/.test(part.channel) ? `<#${part.channel}>` : `#${escapeDiscord(part.channel)}`;
  return ICON_EMOJI[part.icon];
}

// Code spans have no escapes inside: a backtick would end the span early, so it becomes a quote mark (as on Slack).
function code(text: string): string {
  return text ? `\`${text.replace(/`/g, "'")}\`` : '';
}

/** `<t:…:f>` shows in the reader's own time zone; titles and footers do not render it, so they get UTC. */
function time(iso: string, place: MarkdownPlace): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return escapeDiscord(iso);
  if (place === 'rich') return `<t:${Math.floor(date.getTime() / 1000)}:f>`;
  return `${date.toISOString().slice(11, 16)} UTC`;
}

function wrap(marker: string, inner: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return match[2] ? `${match[1]}${marker}${match[2]}${marker}${match[3]}` : inner;
}

/** Clips to a Discord length limit without leaving a dangling escape backslash. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1).replace(/\\+$/, (run) => (run.length % 2 ? run.slice(0, -1) : run));
  return `${cut}…`;
}
