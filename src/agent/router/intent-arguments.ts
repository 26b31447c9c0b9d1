import { splitClauses } from './clauses.js';
import { distance } from './edit-distance.js';
import { durationIn } from './durations.js';
import { INCIDENT, JAPANESE_ENVIRONMENTS, JAPANESE_SEVERITY_VALUES, SEVERITY_LABELS, SEVERITY_WORDS, STATUS_WORDS } from './intent-vocabulary.js';
import { isJapanese, mentions, type PlacedToken, phraseIndex, type Sentence } from './sentence.js';
import { isActionId, isIncidentId, isVersion, userIdOf, versionOf } from './tokens.js';

/** An environment named in free text, and whether it is marked as where something comes from ("from staging", "stagingから"). */
export interface NamedEnvironment {
  name: string;
  at: number;
  source: boolean;
}

/** A token's word without a possessive ("payments'", "frontend's"). */
export function bare(word: string): string {
  return word.replace(/'s?$/, '');
}

/** Every service named, in order, each once: by name or alias as a word, or by an alias in Japanese script inside the text (認証の状況). */
export function servicesIn(sentence: Sentence, tokens: readonly PlacedToken[] = sentence.tokens): string[] {
  const found = tokens.flatMap((token) => {
    const service = sentence.vocabulary.service(bare(token.word));
    if (service) return [{ service, at: token.at }];
    if (!isJapanese(token.text)) return [];
    const alias = sentence.vocabulary.scriptAliases.find(([name]) => token.word.includes(name));
    return alias ? [{ service: alias[1], at: token.at + token.word.indexOf(alias[0]) }] : [];
  });
  return [...new Set(found.sort((left, right) => left.at - right.at).map((entry) => entry.service))];
}

// Words that ask about every service, so a service's channel does not narrow the question to it.
export const EVERY_SERVICE = ['all', 'everything', 'anything', 'every', 'overall', 'services', 'fleet', 'overview', '全体', '全部', 'すべて', '全て', '全サービス'];

/** True when the sentence asks about every service ("is everything ok?", "全体の状況"). */
export function asksAboutAll(sentence: Sentence): boolean {
  return mentions(sentence, EVERY_SERVICE);
}

/** The one service meant: the first named, else the service whose channel this is (unless the sentence asks about all). */
export function serviceOf(sentence: Sentence): string | undefined {
  return servicesIn(sentence)[0] ?? (asksAboutAll(sentence) ? undefined : sentence.channelService);
}

/** Every environment named, by exact name, alias (prod, stg) or Japanese name (本番, ステージング). */
export function environmentsIn(sentence: Sentence): NamedEnvironment[] {
  const found: NamedEnvironment[] = [];
  sentence.tokens.forEach((token, index) => {
    const name = token.quoted ? undefined : sentence.vocabulary.environmentExactly(bare(token.word));
    if (name) found.push({ name, at: token.at, source: sentence.words[index - 1] === 'from' || (sentence.tokens[index + 1]?.word.startsWith('から') ?? false) });
  });
  for (const [japanese, name] of JAPANESE_ENVIRONMENTS) {
    if (!sentence.vocabulary.environments.includes(name)) continue;
    for (let at = sentence.text.indexOf(japanese); at !== -1; at = sentence.text.indexOf(japanese, at + 1)) {
      const after = sentence.text.slice(at + japanese.length).replace(/^環境/, '');
      found.push({ name, at, source: after.startsWith('から') });
    }
  }
  return found.sort((left, right) => left.at - right.at);
}

/**
 * The one environment meant: the only one named, or the only one left once a source ("from staging") is set
 * aside. "production and staging" is ambiguous: a change names one environment at a time.
 */
export function environmentOf(sentence: Sentence): { environment?: string; ambiguous?: string[] } {
  const named = environmentsIn(sentence);
  const distinct = [...new Set(named.map((entry) => entry.name))];
  if (distinct.length <= 1) return { environment: distinct[0] };
  const targets = [...new Set(named.filter((entry) => !entry.source).map((entry) => entry.name))];
  return targets.length === 1 ? { environment: targets[0] } : { ambiguous: distinct };
}

/** The first version label (v2.4.0), spelled as the tools expect. */
export function versionIn(sentence: Sentence): string | undefined {
  const token = sentence.tokens.find((candidate) => isVersion(candidate.word));
  return token ? versionOf(token.text) : undefined;
}

/** The first team named, directly or through a service it owns. */
export function teamIn(sentence: Sentence, tokens: readonly PlacedToken[] = sentence.tokens): string | undefined {
  for (const token of tokens) {
    const team = sentence.vocabulary.team(bare(token.word));
    if (team) return team;
  }
  // A service named by an alias in another script ("認証のオンコール"): its owning team.
  const service = servicesIn(sentence, tokens)[0];
  return service ? sentence.vocabulary.team(service) : undefined;
}

/** The first incident id, upper-cased. */
export function incidentIdIn(sentence: Sentence): string | undefined {
  return sentence.tokens.find((token) => isIncidentId(token.word))?.word.toUpperCase();
}

/** The first pending action id. */
export function actionIdIn(sentence: Sentence): string | undefined {
  return sentence.tokens.find((token) => isActionId(token.word))?.word;
}

/** The first Slack user id (bare or a mention). */
export function userIdIn(sentence: Sentence, tokens: readonly PlacedToken[] = sentence.tokens): string | undefined {
  for (const token of tokens) {
    const id = userIdOf(token.text.replace(/'s?$/, ''));
    if (id) return id;
  }
  return undefined;
}

/** The first person named: a user id, or a configured person's first name ("Sam", "Sam's") as their id. */
export function personIn(sentence: Sentence, tokens: readonly PlacedToken[] = sentence.tokens): string | undefined {
  for (const token of tokens) {
    const id = userIdOf(token.text.replace(/'s?$/, '')) ?? (sentence.vocabulary.service(bare(token.word)) ? undefined : sentence.vocabulary.person(token.word));
    if (id) return id;
  }
  return undefined;
}

/** An alert name: a CamelCase word (HighErrorRate), or the Latin word written right before アラート. */
export function alertNameIn(sentence: Sentence): string | undefined {
  const camel = sentence.tokens.find((token) => /^[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+$/.test(token.text));
  if (camel) return camel.text;
  const index = sentence.tokens.findIndex((token, at) => at > 0 && token.word.startsWith('アラート'));
  const before = index > 0 ? sentence.tokens[index - 1]! : undefined;
  return before && !isJapanese(before.text) && !sentence.vocabulary.service(bare(before.word)) ? before.text : undefined;
}

/** Text in quotes (", “”, 「」, 『』), the way titles are given. */
export function quotedIn(sentence: Sentence): string | undefined {
  const match = /["“「『]([^"”」』]+)["”」』]/.exec(sentence.text);
  return match?.[1]?.trim() || undefined;
}

/** Where a message after a colon starts ("page platform: api is down"); `key:value` options do not count. */
export function colonAt(sentence: Sentence): number {
  const match = /:(?=\s)|(?<=[^\x21-\x7e]):|:$/u.exec(sentence.text);
  return match ? match.index : -1;
}

/** The text after a message colon, or undefined. */
export function afterColon(sentence: Sentence): string | undefined {
  const at = colonAt(sentence);
  return at === -1 ? undefined : sentence.text.slice(at + 1).trim() || undefined;
}

/** A severity: sev1…4 and p1…4 anywhere, a level next to a label or to "incident", or a Japanese label with its value. */
export function severityIn(sentence: Sentence): string | undefined {
  const japanese = /(重大度|深刻度|優先度|緊急度)\s*(?:は|が|を|:|=)?\s*(致命的|緊急|重大|高|中|低|critical|high|medium|low)/u.exec(sentence.lower);
  if (japanese) return JAPANESE_SEVERITY_VALUES[japanese[2]!] ?? japanese[2];
  for (const [level, phrases] of Object.entries(SEVERITY_WORDS)) {
    for (const phrase of phrases) {
      if (isJapanese(phrase)) {
        if (sentence.lower.includes(phrase)) return level;
        continue;
      }
      const index = phraseIndex(sentence, phrase);
      if (index === -1) continue;
      if (/\d/.test(phrase) || nearLabel(sentence, index)) return level;
    }
  }
  return undefined;
}

// "high severity", "severity high", "a critical incident", "critical sev": a bare "high" elsewhere is just a word.
function nearLabel(sentence: Sentence, index: number): boolean {
  const around = sentence.words.slice(Math.max(0, index - 2), index + 3);
  return around.some((word) => SEVERITY_LABELS.includes(word) || (INCIDENT.includes(word) && !isJapanese(word)));
}

/** An incident status (identified, investigating, monitoring) in English or Japanese. */
export function incidentStatusIn(sentence: Sentence): string | undefined {
  for (const [status, phrases] of Object.entries(STATUS_WORDS)) if (mentions(sentence, phrases)) return status;
  return undefined;
}

/** Minutes of the first duration written ("2 hours", "30m", "2時間"). */
export function minutesIn(sentence: Sentence): number | undefined {
  return durationIn(sentence.text)?.minutes;
}

/** The clauses that do not match `isCore`, joined: the reason or note that accompanies a request. */
export function otherClauses(sentence: Sentence, isCore: (clause: string) => boolean): string | undefined {
  const rest = splitClauses(sentence.text)
    .map((clause) => clause.text)
    .filter((clause) => !isCore(clause));
  const joined = rest.join(isJapanese(sentence.text) ? '。' : '. ').trim();
  return joined || undefined;
}

/**
 * Unknown words one or two letters away from a service, environment or team ("frontnd"): typos, never guesses.
 * Typos keep the first letter; requiring it spares ordinary words ("path" is not "auth").
 */
export function nearMisses(sentence: Sentence): PlacedToken[] {
  const names = [...sentence.vocabulary.services, ...sentence.vocabulary.environments, ...sentence.vocabulary.teams];
  return sentence.tokens.filter((token) => {
    const word = bare(token.word);
    if (token.quoted || word.length < 4 || isJapanese(word) || names.includes(word) || sentence.vocabulary.environmentExactly(word)) return false;
    return names.some((name) => name.length >= 4 && name[0] === word[0] && distance(word, name) <= (name.length <= 5 ? 1 : 2));
  });
}

/** Text clipped to a schema's maximum length, on a word boundary when it can be. */
export function clip(text: string | undefined, max: number): string | undefined {
  if (!text || text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

// Punctuation a title or message is introduced with ("open an incident - api slow", "page Sam: db down").
const LEADING_PUNCTUATION = /^[\s\-–—:;,.>|]+/u;

/**
 * Free text (an incident title, a page message) without what introduced it: leading punctuation, and any of
 * `leadIns` ("on call", "about", "saying") that named the target rather than said the message.
 */
export function cleanText(text: string | undefined, leadIns: readonly string[] = []): string | undefined {
  if (!text) return undefined;
  let rest = text;
  for (let before = ''; before !== rest; ) {
    before = rest;
    rest = rest.replace(LEADING_PUNCTUATION, '');
    for (const leadIn of leadIns) {
      const match = new RegExp(`^${leadIn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s,:;.\\-–—])`, 'iu').exec(rest);
      if (match) rest = rest.slice(match[0].length);
    }
  }
  rest = rest.replace(/[\s,;:\-–—]+$/u, '').trim();
  return rest || undefined;
}
