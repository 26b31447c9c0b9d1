import { distance } from './edit-distance.js';
import { isJapanese } from './sentence.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * The one configured name (service, environment or team) a word is a plausible typo of: same first letter (which
 * spares ordinary words: "path" is not "auth"), at least four letters, one edit for short names and two for
 * longer ones. Undefined for a known name, for no match and for two different matches. Reads take the match and
 * say so; changes only ask about it ("did you mean staging?").
 */
export function closeName(word: string, vocabulary: Vocabulary): string | undefined {
  if (word.length < 4 || isJapanese(word) || vocabulary.service(word) || vocabulary.environment(word) || vocabulary.team(word)) return undefined;
  const names = [...new Set([...vocabulary.services, ...vocabulary.environments, ...vocabulary.teams])];
  const close = names.filter((name) => name.length >= 4 && name[0] === word[0] && distance(word, name) <= (name.length <= 5 ? 1 : 2));
  return close.length === 1 ? close[0] : undefined;
}
