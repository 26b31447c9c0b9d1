import { afterColon, bare, clip, colonAt, otherClauses, personIn, teamIn } from './intent-arguments.js';
import { ask, found, type IntentRule } from './intent-rule.js';
import { CONTACT, EVERYONE, INCIDENT_COMMANDER, ON_CALL, PAGE } from './intent-vocabulary.js';
import { asksForChange, isJapanese, mentions, type PlacedToken, phraseAt, type Sentence, textMentions } from './sentence.js';
import { joinText, userIdOf } from './tokens.js';

/** Whom a page goes to, as the page tool takes it. */
type PageTarget = { target: 'incident_commander' } | { target: 'responders' } | { target: 'team'; team: string } | { target: 'person'; person: string };

// Words between the target and the message: "page the platform on-call about …", "page Sam saying …".
const LEAD_INS = new Set(['the', 'our', 'my', 'on-call', 'oncall', 'on', 'call', 'team', 'rotation', 'primary', 'about', 'that', 'saying', 'say', 'to', 'with', 'message', 'and', 'tell', 'them', 'him', 'her', '-', '—']);
// What follows a Japanese page verb before its message: 呼び出して、… / 呼んでください：…
const JAPANESE_VERB_TAIL = /^(?:して|ください|下さい|くれ|ほしい|欲しい|おいて)*[、。:!?\s]*/u;
// Words that may come right before "page" the verb ("please page …", "… and then page …").
const VERB_LEAD_INS = new Set(['please', 'pls', 'just', 'and', 'then', 'also', 'now', 'to', 'go', 'quickly', 'immediately', 'urgently']);
// Words after "on call for" that name no team ("for the team this week").
const ON_CALL_FILLERS = new Set(['the', 'team', 'rotation', 'this', 'week', 'today', 'now', 'right', 'please', 'currently']);

/** "page the platform on-call: api error rate is spiking", "platformチームのオンコールを呼び出して：…". */
export const pageIntent: IntentRule = (sentence) => {
  const verbAt = phraseAt(sentence, PAGE);
  if (verbAt === -1 || !asksForChange(sentence) || !pageIsVerb(sentence, verbAt)) return undefined;
  const colon = colonAt(sentence);
  const japanese = isJapanese(sentence.text.slice(verbAt, verbAt + 2));
  // English names whom to page after the verb; Japanese names them before it (…を呼び出して).
  const candidates = sentence.tokens.filter((token) => (japanese ? token.at < verbAt : token.at > verbAt) && (colon === -1 || colon < verbAt || token.at < colon));
  const chosen = targetIn(sentence, candidates, japanese ? sentence.text.slice(0, verbAt) : sentence.text.slice(verbAt, colon > verbAt ? colon : undefined), japanese);
  if (!chosen) return ask('page', {}, `Whom should I page? A person, a team (${sentence.vocabulary.teams.join(', ')}), the incident commander or the responders.`);
  // The message: after a colon, else after whom to page, else what was said around it ("api is down! page the web team").
  const message =
    afterColon(sentence) ?? (japanese ? japaneseMessage(sentence, verbAt) : englishMessage(sentence, chosen.last)) ?? otherClauses(sentence, (clause) => textMentions(clause, PAGE));
  if (!message) return ask('page', chosen.target, 'What should the page say? Add a message after whom to page.');
  return found('page', { ...chosen.target, message: clip(message, 500) });
};

/** "what's Sam's phone number?", "Samの電話番号を教えて". */
export const contactIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, CONTACT)) return undefined;
  const person = personIn(sentence);
  return person ? found('oncall', { about: 'person', person }) : undefined;
};

/** "tell me who's on call for api", "paymentsのオンコールは誰？", "今週のインシデントコマンダーは誰？". */
export const onCallIntent: IntentRule = (sentence) => {
  const commander = mentions(sentence, INCIDENT_COMMANDER);
  if (!commander && !mentions(sentence, ON_CALL)) return undefined;
  if (commander) return found('oncall', { about: 'incident_commander' });
  if (mentions(sentence, EVERYONE)) return found('oncall', { about: 'responders' });
  const team = teamIn(sentence);
  if (team) return found('oncall', { about: 'team', team });
  const person = personIn(sentence);
  if (person) return found('oncall', { about: 'person', person });
  const named = unknownTeam(sentence);
  if (named) return ask('oncall', { about: 'team' }, `I don't know the team "${named}" (teams: ${sentence.vocabulary.teams.join(', ')}; a service name works too).`);
  return found('oncall', { about: 'responders' });
};

// "page Sam …", "please page …", "and then page …" — not "the page is slow on frontend".
function pageIsVerb(sentence: Sentence, verbAt: number): boolean {
  const index = sentence.tokens.findIndex((token) => token.at === verbAt);
  if (index === -1) return true;
  const previous = sentence.tokens[index - 1];
  return !previous || VERB_LEAD_INS.has(previous.word) || /[,;:.!?]$/.test(sentence.text.slice(previous.at, verbAt).trim());
}

// Every name that could be whom to page; English puts the target first after the verb, Japanese last before it.
function targetIn(sentence: Sentence, tokens: PlacedToken[], text: string, japanese: boolean): { target: PageTarget; last: PlacedToken | undefined } | undefined {
  const found: Array<{ target: PageTarget; at: number; last: PlacedToken | undefined }> = [];
  const commander = tokens.findIndex((token, index) => token.word === 'ic' || (token.word === 'incident' && tokens[index + 1]?.word === 'commander'));
  if (commander !== -1) found.push({ target: { target: 'incident_commander' }, at: tokens[commander]!.at, last: tokens[tokens[commander]!.word === 'ic' ? commander : commander + 1] });
  else if (japanese && lastAt(text, INCIDENT_COMMANDER) !== -1) found.push({ target: { target: 'incident_commander' }, at: lastAt(text, INCIDENT_COMMANDER), last: undefined });
  const everyone = tokens.find((token) => EVERYONE.includes(token.word));
  if (everyone) found.push({ target: { target: 'responders' }, at: everyone.at, last: everyone });
  else if (japanese && lastAt(text, EVERYONE) !== -1) found.push({ target: { target: 'responders' }, at: lastAt(text, EVERYONE), last: undefined });
  for (const token of tokens) {
    const id = userIdOf(token.text);
    const team = id ? undefined : sentence.vocabulary.team(bare(token.word));
    const person = id ?? (team ? undefined : sentence.vocabulary.person(token.word));
    if (team) found.push({ target: { target: 'team', team }, at: token.at, last: token });
    else if (person) found.push({ target: { target: 'person', person }, at: token.at, last: token });
  }
  found.sort((left, right) => left.at - right.at);
  return japanese ? found[found.length - 1] : found[0];
}

// Where a Japanese phrase last occurs in the text before a page verb, or -1.
function lastAt(text: string, phrases: readonly string[]): number {
  return Math.max(-1, ...phrases.filter(isJapanese).map((phrase) => text.lastIndexOf(phrase)));
}

function englishMessage(sentence: Sentence, last: PlacedToken | undefined): string | undefined {
  let rest = last ? sentence.tokens.filter((token) => token.at > last.at) : [];
  while (rest.length && LEAD_INS.has(rest[0]!.word)) rest = rest.slice(1);
  return joinText(rest).replace(/^[:,-]\s*/, '') || undefined;
}

function japaneseMessage(sentence: Sentence, verbAt: number): string | undefined {
  const after = sentence.text.slice(verbAt).replace(/^\S*?(呼び出|呼んで|ページして|ページング|招集)/u, '').replace(JAPANESE_VERB_TAIL, '');
  return after.trim() || undefined;
}

// "who's on call for billing": a name after "for" that is no team is worth saying so rather than listing everyone.
function unknownTeam(sentence: Sentence): string | undefined {
  const index = sentence.words.indexOf('for');
  if (index === -1 || isJapanese(sentence.text)) return undefined;
  const rest = sentence.tokens.slice(index + 1).filter((token) => !ON_CALL_FILLERS.has(token.word));
  return rest.length ? joinText(rest) : undefined;
}
