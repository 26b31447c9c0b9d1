import { VERSION_PATTERN } from '../../tools/catalog.js';

/** One word of a message: its original text (quotes removed) and a lower-cased form for matching. */
export interface Token {
  text: string;
  word: string;
  quoted: boolean;
}

// Japanese corner brackets quote titles the way English quotes do (「auth 5xx」).
const QUOTE_CLOSERS: Record<string, string> = { '"': '"', '“': '”', '”': '”', '「': '」', '『': '』' };

/**
 * Splits a message into tokens. A double-quoted span ("auth 5xx") is one token, and so is `key:"two words"`,
 * so titles and notes with spaces survive.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    while (index < text.length && /\s/.test(text[index]!)) index++;
    if (index >= text.length) break;
    const opener = text[index]!;
    if (QUOTE_CLOSERS[opener]) {
      const close = indexOfCloser(text, index + 1, opener);
      tokens.push({ text: text.slice(index + 1, close), word: text.slice(index + 1, close).toLowerCase(), quoted: true });
      index = close + 1;
      continue;
    }
    let raw = '';
    while (index < text.length && !/\s/.test(text[index]!)) {
      const char = text[index]!;
      if (QUOTE_CLOSERS[char] && /[:=]$/.test(raw)) {
        const close = indexOfCloser(text, index + 1, char);
        raw += text.slice(index + 1, close);
        index = close + 1;
        continue;
      }
      raw += char;
      index++;
    }
    tokens.push({ text: raw, word: wordOf(raw), quoted: false });
  }
  return tokens;
}

function indexOfCloser(text: string, from: number, opener: string): number {
  // A curly opening quote may be closed by a straight one when a phone keyboard mixes them.
  const candidates = [QUOTE_CLOSERS[opener]!, ...(opener === '“' ? ['"'] : [])].map((closer) => text.indexOf(closer, from)).filter((found) => found !== -1);
  return candidates.length ? Math.min(...candidates) : text.length;
}

/** Lower case, typographic apostrophes made plain, and sentence punctuation trimmed ("load?" → "load"). */
export function wordOf(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/^[([]+/, '')
    .replace(/[?!.,;:)\]]+$/, '');
}

/** Free text from tokens, as the person wrote it (minus quotes). */
export function joinText(tokens: Token[]): string {
  return tokens
    .map((token) => token.text)
    .join(' ')
    .trim();
}

/** A version label such as v2.4.0, 2.4.0 or v1.0.0-rc.1+build.5: exactly what the tools' version schema accepts. */
export function isVersion(word: string): boolean {
  return VERSION_PATTERN.test(versionOf(word));
}

/** A version as typed, minus trailing punctuation, with a capital V made lower case ("V2.4.0," → "v2.4.0"). */
export function versionOf(text: string): string {
  return text.replace(/[?!,;:)\]]+$/, '').replace(/\.$/, '').replace(/^V/, 'v');
}

/** An incident id such as INC-2026-0001 (any case). */
export function isIncidentId(word: string): boolean {
  return /^inc-\d{4}-\d{4}$/i.test(word);
}

/** A pending action id such as act_1a2b3c4d5e. */
export function isActionId(word: string): boolean {
  return /^act_[0-9a-f]{6,}$/.test(word);
}

/** A Slack user id, bare or as a mention (`<@U00SRE>`); returns the id. */
export function userIdOf(text: string): string | undefined {
  const match = /^<?@?([UW][A-Z0-9]{2,})(?:\|[^>]*)?>?[?!.,;:]*$/.exec(text);
  return match ? match[1] : undefined;
}

/** `30m`, `2h`, `1d`, `90min` → minutes; undefined when the word is not a duration. */
export function durationMinutes(word: string): number | undefined {
  const match = /^(\d+)\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)$/.exec(word);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2]![0];
  return unit === 'd' ? amount * 1440 : unit === 'h' ? amount * 60 : amount;
}
