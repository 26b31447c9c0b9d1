/**
 * How Mattermost reads a post's markdown, for tests that check what text we did not write can do. Written from its
 * documented behaviour, not from our renderer: the server notifies for `@channel`, `@all`, `@here` and `@username`
 * when they stand as a word (punctuation around them ignored), and the markdown renderer links `[label](url)`,
 * images `![alt](url)`, bare `http(s)://…` and `www.…`, and `~channel` names, unless a backslash escapes the bracket.
 */
export function mentionsIn(markdown: string): string[] {
  const words = markdown.split(/[\s,;:!?()[\]{}<>"'*`\\|]+/);
  const mentions: string[] = [];
  for (const word of words) {
    const trimmed = word.replace(/[.\-_]+$/, '');
    const match = /^@([a-z0-9][a-z0-9._-]*)$/i.exec(trimmed);
    if (match) mentions.push(match[1]!.toLowerCase());
  }
  return mentions;
}

/** Links the markdown would render: markdown links and images, autolinks, channel links; code spans link nothing. */
export function linksIn(markdown: string): string[] {
  const links: string[] = [];
  let text = '';
  for (let index = 0; index < markdown.length; index += 1) {
    const character = markdown[index]!;
    if (character === '\\') {
      // An escaped character is literal: it starts, ends or joins nothing.
      text += ' ';
      index += 1;
      continue;
    }
    if (character === '`') {
      const end = markdown.indexOf('`', index + 1);
      if (end > index) {
        text += ' ';
        index = end;
        continue;
      }
    }
    if (character === '[') {
      const target = linkTarget(markdown, index);
      if (target) {
        links.push(target.url);
        index = target.end;
        text += ' ';
        continue;
      }
    }
    text += character;
  }
  for (const match of text.matchAll(/\b(?:https?|ftp):\/\/[^\s<]+|\bwww\.[^\s<]+/gi)) links.push(match[0]);
  for (const match of text.matchAll(/(?<![\w])~([a-z0-9][a-z0-9_-]*)/gi)) links.push(`~${match[1]!}`);
  return links;
}

/** `[label](url)` starting at `start`: the unescaped `]` that closes the label, then `(`, then the unescaped `)`. */
function linkTarget(markdown: string, start: number): { url: string; end: number } | undefined {
  let index = start + 1;
  for (; index < markdown.length && markdown[index] !== ']'; index += 1) if (markdown[index] === '\\') index += 1;
  if (markdown[index] !== ']' || markdown[index + 1] !== '(') return undefined;
  const close = markdown.indexOf(')', index + 2);
  if (close < 0) return undefined;
  return { url: markdown.slice(index + 2, close), end: close };
}
