import { closeName } from './name-typos.js';
import { isVersion, type Token, versionOf } from './tokens.js';
import type { Vocabulary } from './vocabulary.js';

// Words that glue a sentence together ("deploy frontend v2.4.0 TO staging", "status OF payments") and mean nothing here.
const FILLERS = new Set([
  'to', 'in', 'into', 'on', 'onto', 'for', 'of', 'the', 'a', 'an', 'at', 'and', 'with', 'from', 'me', 'my', 'our', 'us',
  'env', 'environment', 'service', 'version', 'now', 'right', 'currently', 'current', 'please', 'is', 'are', 'was',
  'show', 'tell', 'give', 'get', 'check', 'what', "what's", 'whats', 'how', "how's", 'hows', 'doing', 'looking', 'going',
  'all', 'everything', 'services', 'overview', 'up', 'down', 'ok', 'okay', 'healthy', 'health', 'it', 'there', 'here', 'do', 'does',
]);

/** Arguments found in a run of tokens, in any order: the classic ChatOps "bag of words" after the verb. */
export interface ScannedArguments {
  service?: string;
  environment?: string;
  version?: string;
  /** Tokens that are neither a known name, a version nor a filler word. */
  unknown: Token[];
}

/** Picks out service, environment and version; anything else that is not a filler is reported as unknown. */
export function scanArguments(tokens: Token[], vocabulary: Vocabulary, extraFillers: readonly string[] = []): ScannedArguments {
  const scanned: ScannedArguments = { unknown: [] };
  const fillers = new Set(extraFillers);
  for (const token of tokens) {
    const word = token.word;
    if (!scanned.version && isVersion(word)) scanned.version = versionOf(token.text);
    else if (!scanned.service && vocabulary.service(word)) scanned.service = vocabulary.service(word);
    else if (!scanned.environment && vocabulary.environment(word)) scanned.environment = vocabulary.environment(word);
    else if (!FILLERS.has(word) && !fillers.has(word) && word !== '') scanned.unknown.push(token);
  }
  return scanned;
}

/** "I don't know "stagign": did you mean staging?" when each word is a typo of one name, else what does exist. */
export function unknownWords(tokens: Token[], vocabulary: Vocabulary): string {
  const words = tokens.map((token) => `"${token.text}"`).join(', ');
  const meant = tokens.map((token) => closeName(token.word, vocabulary));
  if (meant.every(Boolean)) return `I don't know ${words}: did you mean ${[...new Set(meant)].join(' and ')}?`;
  return `I don't know ${words} (${vocabulary.describe()}).`;
}
