import type { Domain } from '../domain.js';
import { afterColon, bare, cleanText, clip, colonAt, otherClauses, personIn, teamIn } from '../intent-arguments.js';
import { ask, found, type IntentRule } from '../intent-rule.js';
import { CONTACT, EVERYONE, INCIDENT_COMMANDER, ON_CALL, PAGE } from '../intent-vocabulary.js';
import { call, incomplete, type ParsedCommand, type Phrasing } from '../parsed-command.js';
import { asksForChange, isJapanese, mentions, type PlacedToken, phraseAt, type Sentence, textMentions } from '../sentence.js';
import { joinText, type Token, userIdOf } from '../tokens.js';
import type { Vocabulary } from '../vocabulary.js';

const CALL_WORDS = new Set(['oncall', 'on-call']);

const EVERYONE_WORDS = new Set(['responders', 'everyone', 'all', 'everybody']);

const TEAM_FILLERS = new Set(['for', 'the', 'team', 'rotation', 'on', 'of', 'in', 'right', 'now', 'is', 'this', 'week', 'today']);

/** `!ic`, `!ic responders`, `!ic who Sam`, `!ic page [NAME|responders] [MESSAGE]`, `oncall ic`, `who is the incident commander?`. */
const incidentCommander: Phrasing = ({ tokens, words, vocabulary }) => {
  let sub: Token[];
  if (words[0] === 'ic') sub = tokens.slice(1);
  else if (CALL_WORDS.has(words[0] ?? '') && words[1] === 'ic') sub = tokens.slice(2);
  else if (CALL_WORDS.has(words[0] ?? '') && (EVERYONE_WORDS.has(words[1] ?? '') || words[1] === 'who')) sub = tokens.slice(1);
  else if (isWho(words[0]) && words.includes('incident') && words.includes('commander')) sub = [];
  else return undefined;
  const first = sub[0]?.word;
  if (first === undefined) return call('oncall', { about: 'incident_commander' });
  if (EVERYONE_WORDS.has(first)) return call('oncall', { about: 'responders' });
  if (first === 'who') {
    const person = personOf(sub.slice(1).filter((token) => token.word !== 'is'));
    return person ? call('oncall', { about: 'person', person }) : incomplete('oncall', { about: 'person' }, 'Who? Give a name or a user id, e.g. "ic who Sam".');
  }
  if (first === 'page') return commanderPage(sub.slice(1), vocabulary);
  return incomplete('oncall', {}, `I know "ic", "ic responders", "ic who NAME" and "ic page [NAME|responders] [MESSAGE]", not "ic ${joinText(sub)}".`);
};

/** `page U00SRE database is down`, `page team payments checkout failing`, `page ic …`, `page responders …`. */
const page: Phrasing = ({ tokens, words, vocabulary }) => {
  if (words[0] !== 'page') return undefined;
  // "page the platform on-call", "page our ic": an article never names whom to page.
  const sub = tokens.slice(['the', 'our', 'my'].includes(words[1] ?? '') && tokens.length > 2 ? 2 : 1);
  const first = sub[0];
  if (!first) return incomplete('page', {}, 'Whom should I page, and what should the page say?');
  if (first.word === 'team') {
    const team = sub[1] ? vocabulary.team(sub[1].word) : undefined;
    if (!team) return incomplete('page', { target: 'team' }, `Which team? (${vocabulary.teams.join(', ')})`);
    return pageWith({ target: 'team', team }, withoutTeamWords(sub.slice(2)), { optional: true });
  }
  if (first.word === 'ic' || (first.word === 'incident' && sub[1]?.word === 'commander')) return pageWith({ target: 'incident_commander' }, sub.slice(first.word === 'ic' ? 1 : 2));
  if (EVERYONE_WORDS.has(first.word)) return pageWith({ target: 'responders' }, sub.slice(1));
  const team = vocabulary.team(first.word);
  if (team) return pageWith({ target: 'team', team }, withoutTeamWords(sub.slice(1)), { optional: true });
  // Like `!ic page NAME`, a page needs no message: the router writes one saying who asked and where.
  return pageWith({ target: 'person', person: personOf([first]) }, sub.slice(1), { optional: true });
};

// PagerDuty incident ids: PT4KHLK.
const PAGE_ID = /^[A-Z0-9]{4,20}$/;

/** `page ack PT4KHLK`, `page resolve PT4KHLK`, `ack PT4KHLK`: answer a page in the paging provider, as yourself. */
const pageRespond: Phrasing = ({ tokens, words, commands }) => {
  const worded = words[0] === 'page' || words[0] === 'pager';
  const verb = worded ? words[1] : words[0];
  const action = verb === 'ack' || verb === 'acknowledge' ? 'acknowledge' : worded && verb === 'resolve' ? 'resolve' : undefined;
  if (!action) return undefined;
  // Only PagerDuty can: elsewhere the tool is not registered, and "page ack …" must not page someone called "ack".
  if (!commands.some((entry) => entry.tool === 'page_respond')) return { kind: 'chat', reply: 'Acknowledging and resolving pages needs the PagerDuty paging adapter; do it in the paging provider.' };
  const page = tokens.slice(worded ? 2 : 1).find((token) => PAGE_ID.test(token.text))?.text;
  if (!page) return incomplete('page_respond', { action }, `Which page? Give its id, e.g. page ${action === 'acknowledge' ? 'ack' : 'resolve'} PT4KHLK.`);
  return call('page_respond', { page, action });
};

/** `who's on call for payments`, `who is on call for payments?`, `oncall web`, `who's on call?` (everyone). */
const onCall: Phrasing = ({ tokens, words, vocabulary, channelService }) => {
  let rest: number;
  let before: Token[] = [];
  if (CALL_WORDS.has(words[0] ?? '')) rest = 1;
  else if (isWho(words[0])) {
    const at = words.findIndex((word, index) => CALL_WORDS.has(word) || (word === 'on' && words[index + 1] === 'call'));
    if (at === -1) return undefined;
    rest = CALL_WORDS.has(words[at]!) ? at + 1 : at + 2;
    // "who's covering payments on call?": the team may come before the words "on call".
    before = tokens.slice(1, at).filter((token) => vocabulary.team(token.word));
  } else return undefined;
  const after = tokens.slice(rest).filter((token) => !TEAM_FILLERS.has(token.word));
  const remaining = after.length ? after : before.slice(0, 1);
  // In a service's channel, "who's on call?" is about the team that owns it.
  const channelTeam = channelService ? vocabulary.team(channelService) : undefined;
  if (remaining.length === 0) return call('oncall', channelTeam ? { about: 'team', team: channelTeam } : { about: 'responders' });
  return teamOnCall(remaining, vocabulary);
};

function teamOnCall(remaining: Token[], vocabulary: Vocabulary): ParsedCommand {
  const team = vocabulary.team(remaining[0]!.word);
  if (!team || remaining.length > 1) return incomplete('oncall', { about: 'team' }, `I don't know the team "${joinText(remaining)}" (teams: ${vocabulary.teams.join(', ')}; a service name works too).`);
  return call('oncall', { about: 'team', team });
}

/**
 * `!ic page` pages at once: the incident commander, or the responders, or the person named first (a user id,
 * a mention or a configured person's name); anything else after `page` is the message for the commander.
 * Without a message the router writes one naming who asked and where.
 */
function commanderPage(tokens: Token[], vocabulary: Vocabulary): ParsedCommand {
  const first = tokens[0];
  if (first && EVERYONE_WORDS.has(first.word)) return pageWith({ target: 'responders' }, tokens.slice(1), { optional: true });
  const person = first ? (userIdOf(first.text) ?? (vocabulary.service(first.word) ? undefined : vocabulary.person(first.word))) : undefined;
  if (person) return pageWith({ target: 'person', person }, tokens.slice(1), { optional: true });
  return pageWith({ target: 'incident_commander' }, tokens, { optional: true });
}

function pageWith(target: Record<string, unknown>, messageTokens: Token[], options: { optional?: boolean } = {}): ParsedCommand {
  // "page Sam about the outage", "… saying checkout is down": the lead-in word is not part of the message.
  const message = cleanText(joinText(messageTokens), MESSAGE_LEAD_INS) ?? '';
  if (!message && !options.optional) return incomplete('page', target, 'What should the page say? Add a message after whom to page.');
  return call('page', { ...target, message: message || undefined });
}

// "page platform on-call: …", "page team payments rotation …": words naming the team's rotation, not the message.
function withoutTeamWords(tokens: Token[]): Token[] {
  let rest = tokens;
  while (rest[0] && ['team', 'on-call', 'oncall', 'rotation', 'primary'].includes(rest[0].word) && !/^[:,-]/.test(rest[0].text)) rest = rest.slice(1);
  if (rest[0]?.word === 'on' && rest[1]?.word === 'call') rest = rest.slice(2);
  return rest;
}

/** A user id from a mention or id, else the name as written ("Sam", without a trailing colon). */
function personOf(tokens: Token[]): string | undefined {
  const text = joinText(tokens);
  if (!text) return undefined;
  return userIdOf(text) ?? text.replace(/[?!.,;:]+$/, '');
}

function isWho(word: string | undefined): boolean {
  return word === 'who' || word === "who's" || word === 'whos';
}

/** Whom a page goes to, as the page tool takes it. */
type PageTarget = { target: 'incident_commander' } | { target: 'responders' } | { target: 'team'; team: string } | { target: 'person'; person: string };

// Words between the target and the message: "page the platform on-call about …", "page Sam saying …".
const LEAD_INS = new Set(['the', 'our', 'my', 'on-call', 'oncall', 'on', 'call', 'team', 'rotation', 'primary', 'about', 'that', 'saying', 'say', 'to', 'with', 'message', 'and', 'tell', 'them', 'him', 'her', '-', '—']);

// Words that may still open a message after the target was chosen ("page everyone on call, …").
const MESSAGE_LEAD_INS = ['on call', 'on-call', 'oncall', 'on duty', 'right now', 'now', 'about', 'saying', 'that', 'and tell them', 'and say', 'with'];

// What follows a Japanese page verb before its message: 呼び出して、… / 呼んでください：…
const JAPANESE_VERB_TAIL = /^(?:して|ください|下さい|くれ|ほしい|欲しい|おいて)*[、。:!?\s]*/u;

// Words that may come right before "page" the verb ("please page …", "… and then page …").
const VERB_LEAD_INS = new Set(['please', 'pls', 'just', 'and', 'then', 'also', 'now', 'to', 'go', 'quickly', 'immediately', 'urgently']);

// Words after "on call for" that name no team ("for the team this week").
const ON_CALL_FILLERS = new Set(['the', 'team', 'rotation', 'this', 'week', 'today', 'now', 'right', 'please', 'currently']);

/** "page the platform on-call: api error rate is spiking", "platformチームのオンコールを呼び出して：…". */
const pageIntent: IntentRule = (sentence) => {
  const verbAt = phraseAt(sentence, PAGE);
  if (verbAt === -1 || !asksForChange(sentence) || !pageIsVerb(sentence, verbAt)) return undefined;
  const colon = colonAt(sentence);
  const japanese = isJapanese(sentence.text.slice(verbAt, verbAt + 2));
  // English names whom to page after the verb; Japanese names them before it (…を呼び出して).
  const candidates = sentence.tokens.filter((token) => (japanese ? token.at < verbAt : token.at > verbAt) && (colon === -1 || colon < verbAt || token.at < colon));
  const chosen = targetIn(sentence, candidates, japanese ? sentence.text.slice(0, verbAt) : sentence.text.slice(verbAt, colon > verbAt ? colon : undefined), japanese);
  if (!chosen) return ask('page', {}, `Whom should I page? A person, a team (${sentence.vocabulary.teams.join(', ')}), the incident commander or the responders.`);
  // The message: after a colon, else after whom to page, else what was said around it ("api is down! page the web team").
  const message = cleanText(
    afterColon(sentence) ?? (japanese ? japaneseMessage(sentence, verbAt) : englishMessage(sentence, chosen.last)) ?? otherClauses(sentence, (clause) => textMentions(clause, PAGE)),
    MESSAGE_LEAD_INS,
  );
  // Anyone may be paged without a message, as `!ic page NAME` does: the router writes one saying who asked and where.
  if (!message) return found('page', chosen.target);
  return found('page', { ...chosen.target, message: clip(message, 500) });
};

/** "what's Sam's phone number?", "Samの電話番号を教えて". */
const contactIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, CONTACT)) return undefined;
  const person = personIn(sentence);
  return person ? found('oncall', { about: 'person', person }) : undefined;
};

/** "tell me who's on call for api", "paymentsのオンコールは誰？", "今週のインシデントコマンダーは誰？". */
const onCallIntent: IntentRule = (sentence) => {
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
  const channelTeam = sentence.channelService ? sentence.vocabulary.team(sentence.channelService) : undefined;
  return found('oncall', channelTeam ? { about: 'team', team: channelTeam } : { about: 'responders' });
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

/**
 * People: who is on call, the incident commander (`!ic …`), contacts, paging and answering pages (`oncall`, `page`). The
 * commander forms come first since "oncall ic" also starts with "oncall"; among intents, a page before a
 * contact or on-call question ("page the platform on-call"), and on-call before incidents ("incident commander").
 */
export const peopleDomain: Domain = {
  name: 'people',
  forms: [
    { order: 49, rule: pageRespond },
    { order: 50, rule: incidentCommander },
    { order: 51, rule: page },
    { order: 52, rule: onCall },
  ],
  intents: [
    { order: 80, rule: pageIntent },
    { order: 90, rule: contactIntent },
    { order: 150, rule: onCallIntent },
  ],
};
