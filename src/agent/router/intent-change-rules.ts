import { unknownWords } from './argument-scan.js';
import { splitClauses } from './clauses.js';
import { durationIn } from './durations.js';
import { alertNameIn, bare, clip, environmentOf, nearMisses, otherClauses, servicesIn, versionIn } from './intent-arguments.js';
import { ask, found, type IntentRule } from './intent-rule.js';
import { DEPLOY, type Phrases, PREPARE, PUBLISH, RELEASE, ROLLBACK, SILENCE, UNSILENCE } from './intent-vocabulary.js';
import type { ParsedCommand } from './parsed-command.js';
import { asksForChange, isJapanese, mentions, phraseAt, type Sentence, textMentions } from './sentence.js';
import { durationMinutes, joinText } from './tokens.js';

// Words around the parts of a silence that are not its reason ("silence X for api for 2 hours").
const SILENCE_FILLERS = new Set(['for', 'on', 'in', 'the', 'alert', 'alerts', 'please', 'until', 'of', 'a', 'an', 'it', 'that', ...SILENCE]);
const REASON_MARKERS = new Set(['because', 'since', 'reason', 'as']);

/** "silence HighLatency for api for 2 hours, we're already on it", "apiのHighLatencyアラートを2時間ミュートして。対応中です". */
export const silenceIntent: IntentRule = (sentence) => {
  const verbAt = phraseAt(sentence, SILENCE);
  if (verbAt === -1 || !asksForChange(sentence)) return undefined;
  const duration = durationIn(sentence.text);
  const args = { alert: alertNameIn(sentence) ?? alertAfterVerb(sentence, verbAt), service: servicesIn(sentence)[0], duration_minutes: duration?.minutes };
  if (!args.alert) return ask('alert_silence', args, 'Which alert? e.g. silence HighErrorRate frontend 30m flapping ("alerts" lists them).');
  const comment = clip(reasonIn(sentence, args.alert, duration), 300);
  if (!comment) return ask('alert_silence', args, 'Why? Add a reason after the duration, e.g. "30m flapping during the deploy".');
  return found('alert_silence', { ...args, comment });
};

/** "unsilence HighErrorRate for api", "apiのHighErrorRateのミュートを解除して". */
export const unsilenceIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, UNSILENCE) || !asksForChange(sentence)) return undefined;
  const alert = alertNameIn(sentence);
  if (!alert) return ask('alert_unsilence', {}, 'Which silence? e.g. unsilence HighErrorRate api, or a silence id.');
  return found('alert_unsilence', { alert, service: servicesIn(sentence)[0] });
};

/** "roll back payments in production, the last deploy broke checkout", "本番のpaymentsをロールバックして". */
export const rollbackIntent: IntentRule = (sentence) => {
  // "roll frontend back" splits the verb around its object.
  const split = sentence.words.indexOf('roll') !== -1 && sentence.words.indexOf('back') > sentence.words.indexOf('roll');
  return !asksForChange(sentence) || !(mentions(sentence, ROLLBACK) || split) ? undefined : serviceChange('rollback', sentence);
};

/** "prepare the next release", "次のリリースを準備して", "リリース v2026.11.1 を公開して". A release names no service; with one it is a deploy. */
export const releaseIntent: IntentRule = (sentence) => {
  if (!asksForChange(sentence) || !mentions(sentence, RELEASE) || servicesIn(sentence).length) return undefined;
  const version = versionIn(sentence);
  if (nearRelease(sentence, PUBLISH)) return version ? found('release_publish', { version }) : ask('release_publish', {}, 'Which version? e.g. release publish v2026.11.1.');
  return nearRelease(sentence, PREPARE) ? found('release_prepare', { version }) : undefined;
};

/** "ship api v1.9.0 to prod", "frontend v2.4.0 を staging にデプロイして". */
export const deployIntent: IntentRule = (sentence) => (!asksForChange(sentence) || !mentions(sentence, DEPLOY) ? undefined : serviceChange('deploy', sentence));

/**
 * Deploys and rollbacks: one named service, a version for deploys, and the environment always said, never
 * guessed. A typo of a name, two services or two environments get a question rather than a pick.
 */
function serviceChange(tool: 'deploy' | 'rollback', sentence: Sentence): ParsedCommand {
  const { vocabulary } = sentence;
  const services = servicesIn(sentence);
  const { environment, ambiguous } = environmentOf(sentence);
  const args = { service: services.length === 1 ? services[0] : undefined, version: versionIn(sentence), environment };
  const typos = nearMisses(sentence);
  const checks: Array<[boolean, string]> = [
    [typos.length > 0, unknownWords(typos, vocabulary)],
    [services.length > 1, `Which service: ${services.join(' or ')}? One ${tool} at a time.`],
    [services.length === 0, `Which service? (${vocabulary.services.join(', ')})`],
    [tool === 'deploy' && !args.version, 'Which version? (e.g. v2.4.0)'],
    [Boolean(ambiguous), `Which environment: ${ambiguous?.join(' or ')}? One ${tool} at a time.`],
    [!environment, `Which environment? I don't guess for ${tool}s (${vocabulary.environments.join(', ')}).`],
  ];
  const problem = checks.find(([failed]) => failed);
  return problem ? ask(tool, args, problem[1]) : found(tool, args);
}

// "prepare the next release", not "the release notes are wrong, create a ticket": in English the verb is in the
// same clause as "release" and at most four words from it.
function nearRelease(sentence: Sentence, verbs: Phrases): boolean {
  if (isJapanese(sentence.text)) return mentions(sentence, verbs);
  const clauses = splitClauses(sentence.text);
  const clauseOf = (index: number) => clauses.findIndex((clause) => sentence.tokens[index]!.at < clause.end);
  const releases = sentence.words.flatMap((word, index) => (RELEASE.includes(word) ? [index] : []));
  return sentence.words.some((word, index) => verbs.includes(word) && releases.some((release) => Math.abs(release - index) <= 4 && clauseOf(release) === clauseOf(index)));
}

// "silence disk-full for 1h …": the word right after the verb, when it is not a known name or a filler.
function alertAfterVerb(sentence: Sentence, verbAt: number): string | undefined {
  const next = sentence.tokens.filter((token) => token.at > verbAt && token.word !== 'the')[0];
  if (!next || isJapanese(next.text) || SILENCE_FILLERS.has(next.word) || sentence.vocabulary.service(bare(next.word)) || durationMinutes(next.word) !== undefined || /^\d+$/.test(next.word)) return undefined;
  return next.text;
}

// The reason: after "because", else the clauses without the verb, else the words no other argument used.
function reasonIn(sentence: Sentence, alert: string, duration: ReturnType<typeof durationIn>): string | undefined {
  const marker = sentence.tokens.findIndex((token) => REASON_MARKERS.has(token.word));
  if (marker !== -1 && marker < sentence.tokens.length - 1) return joinText(sentence.tokens.slice(marker + 1));
  const clauses = otherClauses(sentence, (clause) => textMentions(clause, SILENCE));
  if (clauses) return clauses;
  if (isJapanese(sentence.text)) return undefined;
  const inDuration = (at: number) => duration !== undefined && at >= duration.index && at < duration.index + duration.length;
  const rest = sentence.tokens.filter((token) => token.text !== alert && !inDuration(token.at) && !SILENCE_FILLERS.has(token.word) && !sentence.vocabulary.service(bare(token.word)));
  return joinText(rest) || undefined;
}
