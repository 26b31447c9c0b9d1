import { describe, expect, it } from 'vitest';
import { clip, discordMarkdown, escapeDiscord, type PersonLookup } from '../../../src/bot/discord/discord-markdown.js';

const people: PersonLookup = (person) => (person === 'U00LEAD' ? { discordId: '1170000000000000042', name: 'Lee' } : { name: 'Dee' });
/** What Discord shows for escaped text: a backslash before punctuation is dropped. */
const shown = (markdown: string) => markdown.replace(/\\([^\p{L}\p{N}\s])/gu, '$1');

describe('Discord markdown', () => {
  it('shows literal text exactly as typed, with nothing left to format, mention or link', () => {
    const typed = '# heading\n- item\n1. first\n> quote\n**b** __u__ ~~s~~ ||spoiler|| `code` [x](https://e.x) <@1> <#2> <t:0> @everyone \\ done';
    const escaped = escapeDiscord(typed);
    expect(shown(escaped)).toBe(typed);
    for (const active of [/^#/m, /^- /m, /^1\. /m, /^>/m, /(^|[^\\])\*\*/, /(^|[^\\])__/, /(^|[^\\])~~/, /(^|[^\\])\|\|/, /(^|[^\\])`/, /(^|[^\\])\[/, /(^|[^\\])</, /(^|[^\\])@everyone/]) {
      expect(escaped).not.toMatch(active);
    }
  });

  it('makes markup only from spans opsbot built: bold, code, links, mentions, reader-local times', () => {
    const mentioned = new Set<string>();
    const markdown = discordMarkdown(
      [{ bold: [' Deploy '] }, { code: 'v2`x' }, ' ', { link: 'https://ci.example/run/1', label: 'run (1)' }, ' ', { link: 'javascript:alert(1)', label: 'bad' }, ' ', { person: 'U00LEAD' }, ' ', { person: 'U00DEV' }, ' ', { time: '2026-12-07T14:05:00Z' }],
      people,
      'rich',
      mentioned,
    );
    // A backtick cannot be escaped inside code, so it shows as a quote mark; a non-http(s) link is its label only.
    expect(markdown).toBe(" **Deploy** `v2'x` [run (1)](https://ci.example/run/1) bad <@1170000000000000042> @Dee <t:1796652300:f>");
    expect([...mentioned]).toEqual(['1170000000000000042']);
  });

  it('writes names and UTC times where Discord renders no mentions or timestamps (titles)', () => {
    expect(discordMarkdown([{ person: 'U00LEAD' }, ' at ', { time: '2026-12-07T14:05:00Z' }], people, 'plain')).toBe('@Lee at 14:05 UTC');
  });

  it('clips to a limit without leaving a dangling escape', () => {
    expect(clip('abc\\*def', 5)).toBe('abc…');
    expect(clip('short', 10)).toBe('short');
  });
});
