import { splitClauses } from '../clauses.js';
import type { Domain } from '../domain.js';
import { servicesIn, versionIn } from '../intent-arguments.js';
import { ask, found, type IntentRule } from '../intent-rule.js';
import { type Phrases, PREPARE, PUBLISH, RELEASE } from '../intent-vocabulary.js';
import { call, incomplete, type Phrasing } from '../parsed-command.js';
import { asksForChange, isJapanese, mentions, type Sentence } from '../sentence.js';
import { isVersion } from '../tokens.js';

/** `release prepare`, `release prepare v2026.11.1`, `release publish v2026.11.1`, `prepare release`, `publish release v…`. */
const release: Phrasing = ({ tokens, words }) => {
  let verb: string | undefined;
  if (words[0] === 'release') verb = words[1];
  else if ((words[0] === 'prepare' || words[0] === 'publish' || words[0] === 'cut') && (words[1] === 'release' || words[1] === 'a')) verb = words[0];
  else return undefined;
  const version = tokens.find((token) => isVersion(token.word))?.word;
  if (verb === 'prepare' || verb === 'cut') return call('release_prepare', { version });
  if (verb === 'publish') {
    if (!version) return incomplete('release_publish', {}, 'Which version? e.g. release publish v2026.11.1.');
    return call('release_publish', { version });
  }
  return incomplete('release_prepare', { version }, 'Prepare or publish? e.g. "release prepare" or "release publish v2026.11.1".');
};

/** "prepare the next release", "次のリリースを準備して", "リリース v2026.11.1 を公開して". A release names no service; with one it is a deploy. */
const releaseIntent: IntentRule = (sentence) => {
  if (!asksForChange(sentence) || !mentions(sentence, RELEASE) || servicesIn(sentence).length) return undefined;
  const version = versionIn(sentence);
  if (nearRelease(sentence, PUBLISH)) return version ? found('release_publish', { version }) : ask('release_publish', {}, 'Which version? e.g. release publish v2026.11.1.');
  return nearRelease(sentence, PREPARE) ? found('release_prepare', { version }) : undefined;
};

// "prepare the next release", not "the release notes are wrong, create a ticket": in English the verb is in the
// same clause as "release" and at most four words from it.
function nearRelease(sentence: Sentence, verbs: Phrases): boolean {
  if (isJapanese(sentence.text)) return mentions(sentence, verbs);
  const clauses = splitClauses(sentence.text);
  const clauseOf = (index: number) => clauses.findIndex((clause) => sentence.tokens[index]!.at < clause.end);
  const releases = sentence.words.flatMap((word, index) => (RELEASE.includes(word) ? [index] : []));
  // A verb of several words ("kick off") counts where its first word stands.
  const verbAt = (index: number) => verbs.some((verb) => sentence.words.slice(index, index + verb.split(' ').length).join(' ') === verb);
  return sentence.words.some((_word, index) => verbAt(index) && releases.some((release) => Math.abs(release - index) <= 4 && clauseOf(release) === clauseOf(index)));
}

/** Releases of the product: prepare (branch and PR) and publish (tag and notes). */
export const releasesDomain: Domain = {
  name: 'releases',
  forms: [{ order: 20, rule: release }],
  intents: [{ order: 110, rule: releaseIntent }],
};
