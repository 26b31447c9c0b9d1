import { splitClauses } from './clauses.js';
import { commandTable, isRead } from './command-table.js';
import { JAPANESE_REQUEST_ENDINGS, REQUEST_STARTS } from './intent-vocabulary.js';
import { type ParseOptions, parseCommand } from './pipeline.js';
import type { ParsedCommand } from './parsed-command.js';
import { isJapanese } from './sentence.js';
import { tokenize, wordOf } from './tokens.js';
import type { VocabularyConfig } from './vocabulary.js';

/**
 * A chat message as one or more commands: "deploy frontend v2.4.0 to staging and tell me who's on call for api"
 * is two. A clause starts a new request after a joining word (and, then, それから) or when it is shaped like one
 * (a request verb or question word in English, a request or question ending in Japanese); other clauses are
 * detail of the request before them ("roll back payments, the last deploy broke checkout").
 *
 * The split is kept when every part is a complete call, or a request-shaped part that asks its own question
 * about a tool no other part uses ("deploy frontend v2.4.0 and tell me who's on call": which environment, and
 * the on-call answer). Otherwise the message is parsed whole: "cpu and latency in staging" is one request.
 */
export function parseMessage(text: string, config: VocabularyConfig, options: ParseOptions = {}): ParsedCommand[] {
  const normalized = text.normalize('NFKC');
  const requests: Array<{ start: number; end: number; shaped: boolean }> = [];
  for (const clause of splitClauses(normalized, { joins: true })) {
    const previous = requests[requests.length - 1];
    const shaped = !previous || looksLikeRequest(clause.text);
    if (previous && !clause.joined && !shaped) previous.end = clause.end;
    else requests.push({ start: clause.start, end: clause.end, shaped });
  }
  if (requests.length > 1) {
    const parts = requests.map((request) => parseCommand(normalized.slice(request.start, request.end), config, options));
    const standsAlone = (part: ParsedCommand, index: number) =>
      part.kind === 'call' || (part.kind === 'incomplete' && requests[index]!.shaped && parts.every((other, at) => at === index || !('tool' in other) || other.tool !== part.tool));
    if (parts.every(standsAlone) && !completedWhole(parts, text, config, options)) return distinct(parts);
  }
  return [parseCommand(text, config, options)];
}

/**
 * "frontend staging is slow, ship v2.4.0 to it": a change clause that cannot stand alone ("it") is finished by the
 * clause before it; when the whole message is that change, complete, it is one request.
 */
function completedWhole(parts: readonly ParsedCommand[], text: string, config: VocabularyConfig, options: ParseOptions): boolean {
  const whole = parseCommand(text, config, options);
  return whole.kind === 'call' && !isRead(whole.tool, commandTable(config)) && parts.some((part) => part.kind === 'incomplete' && part.tool === whole.tool);
}

function looksLikeRequest(clause: string): boolean {
  if (isJapanese(clause)) {
    const ending = clause.replace(/[。、!！\s]+$/u, '');
    return JAPANESE_REQUEST_ENDINGS.some((form) => ending.endsWith(form));
  }
  const first = tokenize(clause)[0];
  return first !== undefined && REQUEST_STARTS.has(wordOf(first.text));
}

// "status of api and status of api" asks once; "what changed in auth? any rollbacks?" is one history of auth: a
// call whose arguments another call of the same tool already includes adds nothing.
function distinct(parts: ParsedCommand[]): ParsedCommand[] {
  const seen = new Set<string>();
  const unique = parts.filter((part) => {
    const key = JSON.stringify(part);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.filter((part, index) => !unique.some((other, at) => at !== index && part.kind === 'call' && other.kind === 'call' && other.tool === part.tool && includes(other.args, part.args) && !includes(part.args, other.args)));
}

function includes(wider: Record<string, unknown>, narrower: Record<string, unknown>): boolean {
  return Object.entries(narrower).every(([key, value]) => JSON.stringify(wider[key]) === JSON.stringify(value));
}
