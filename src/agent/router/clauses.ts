/** One clause of a message and where it sits in the text, so neighbouring clauses can be joined back verbatim. */
export interface Clause {
  text: string;
  start: number;
  end: number;
  /** The clause follows a joining word ("and", "then", それから), which says a new request starts. */
  joined: boolean;
}

const QUOTES: Record<string, string> = { '"': '"', '“': '”', '「': '」', '『': '』' };
// Always a break: Japanese commas and full stops (no space follows them), semicolons, line breaks.
const HARD_BREAKS = new Set(['、', '。', '，', '；', ';', '\n']);
// A break only when a space or the end follows, so v2.4.0, 1,000 and e.g. stay whole.
const SOFT_BREAKS = new Set([',', '.', '!', '?', '！']);
// Words that join two requests ("deploy … and tell me …", "…して、そして…").
const ENGLISH_JOINS = /\s+(?:and then|and also|and|then|also|plus)\s+/iy;
const JAPANESE_JOINS = /そして|それから|それと|ついでに/y;

/**
 * Splits a message at punctuation outside quotes and, with `joins`, at "and"/"then"/そして. Question and
 * exclamation marks stay with their clause: they tell a question from a request.
 */
export function splitClauses(text: string, options: { joins?: boolean } = {}): Clause[] {
  const clauses: Clause[] = [];
  let start = 0;
  let joined = false;
  let closer: string | undefined;
  const cut = (end: number, next: number, byJoin = false) => {
    const raw = text.slice(start, end);
    const trimmed = raw.trim();
    if (trimmed) clauses.push({ text: trimmed, start: start + raw.indexOf(trimmed), end: start + raw.indexOf(trimmed) + trimmed.length, joined });
    // ", and then …" cuts twice: the join still marks the clause after it.
    joined = byJoin || (joined && !trimmed);
    start = next;
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (closer) {
      if (char === closer) closer = undefined;
      continue;
    }
    if (QUOTES[char]) {
      closer = QUOTES[char];
      continue;
    }
    const following = text[index + 1];
    if (HARD_BREAKS.has(char) || (SOFT_BREAKS.has(char) && (following === undefined || /\s/.test(following)))) {
      const keep = char === '?' || char === '!' || char === '！';
      cut(keep ? index + 1 : index, index + 1);
      continue;
    }
    if (!options.joins) continue;
    for (const join of [ENGLISH_JOINS, JAPANESE_JOINS]) {
      join.lastIndex = index;
      const match = join.exec(text);
      if (!match) continue;
      cut(index, index + match[0].length, true);
      index += match[0].length - 1;
      break;
    }
  }
  cut(text.length, text.length);
  return clauses;
}
