import { call, incomplete, type ParsedCommand, type Phrasing } from './parsed-command.js';
import { joinText, type Token, userIdOf } from './tokens.js';
import type { Vocabulary } from './vocabulary.js';

const CALL_WORDS = new Set(['oncall', 'on-call']);
const EVERYONE = new Set(['responders', 'everyone', 'all', 'everybody']);
const TEAM_FILLERS = new Set(['for', 'the', 'team', 'rotation', 'on', 'of', 'in', 'right', 'now', 'is', 'this', 'week', 'today']);

/** `!ic`, `!ic responders`, `!ic who Sam`, `!ic page MESSAGE`, `oncall ic`, `who is the incident commander?`. */
const incidentCommander: Phrasing = ({ tokens, words }) => {
  let sub: Token[];
  if (words[0] === 'ic') sub = tokens.slice(1);
  else if (CALL_WORDS.has(words[0] ?? '') && words[1] === 'ic') sub = tokens.slice(2);
  else if (CALL_WORDS.has(words[0] ?? '') && (EVERYONE.has(words[1] ?? '') || words[1] === 'who')) sub = tokens.slice(1);
  else if (isWho(words[0]) && words.includes('incident') && words.includes('commander')) sub = [];
  else return undefined;
  const first = sub[0]?.word;
  if (first === undefined) return call('ic', 'oncall', { about: 'incident_commander' });
  if (EVERYONE.has(first)) return call('ic', 'oncall', { about: 'responders' });
  if (first === 'who') {
    const person = personOf(sub.slice(1).filter((token) => token.word !== 'is'));
    return person ? call('ic', 'oncall', { about: 'person', person }) : incomplete('ic', 'oncall', { about: 'person' }, 'Who? Give a name or a user id, e.g. "ic who Sam".');
  }
  if (first === 'page') return pageWith('ic', { target: 'incident_commander' }, sub.slice(1));
  return incomplete('ic', 'oncall', {}, `I know "ic", "ic responders", "ic who NAME" and "ic page MESSAGE", not "ic ${joinText(sub)}".`);
};

/** `page U00SRE database is down`, `page team payments checkout failing`, `page ic …`, `page responders …`. */
const page: Phrasing = ({ tokens, words, vocabulary }) => {
  if (words[0] !== 'page') return undefined;
  // "page the platform on-call", "page our ic": an article never names whom to page.
  const sub = tokens.slice(['the', 'our', 'my'].includes(words[1] ?? '') && tokens.length > 2 ? 2 : 1);
  const first = sub[0];
  if (!first) return incomplete('page', 'page', {}, 'Whom should I page, and what should the page say?');
  if (first.word === 'team') {
    const team = sub[1] ? vocabulary.team(sub[1].word) : undefined;
    if (!team) return incomplete('page', 'page', { target: 'team' }, `Which team? (${vocabulary.teams.join(', ')})`);
    return pageWith('page', { target: 'team', team }, withoutTeamWords(sub.slice(2)));
  }
  if (first.word === 'ic' || (first.word === 'incident' && sub[1]?.word === 'commander')) return pageWith('page', { target: 'incident_commander' }, sub.slice(first.word === 'ic' ? 1 : 2));
  if (EVERYONE.has(first.word)) return pageWith('page', { target: 'responders' }, sub.slice(1));
  const team = vocabulary.team(first.word);
  if (team) return pageWith('page', { target: 'team', team }, withoutTeamWords(sub.slice(1)));
  return pageWith('page', { target: 'person', person: personOf([first]) }, sub.slice(1));
};

/** `who's on call for payments`, `who is on call for payments?`, `oncall web`, `who's on call?` (everyone). */
const onCall: Phrasing = ({ tokens, words, vocabulary }) => {
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
  if (remaining.length === 0) return call('oncall', 'oncall', { about: 'responders' });
  return teamOnCall(remaining, vocabulary);
};

function teamOnCall(remaining: Token[], vocabulary: Vocabulary): ParsedCommand {
  const team = vocabulary.team(remaining[0]!.word);
  if (!team || remaining.length > 1) return incomplete('oncall', 'oncall', { about: 'team' }, `I don't know the team "${joinText(remaining)}" (teams: ${vocabulary.teams.join(', ')}; a service name works too).`);
  return call('oncall', 'oncall', { about: 'team', team });
}

function pageWith(command: 'page' | 'ic', target: Record<string, unknown>, messageTokens: Token[]): ParsedCommand {
  // "page Sam about the outage", "… saying checkout is down": the lead-in word is not part of the message.
  const message = joinText(messageTokens).replace(/^[:,-]\s*/, '').replace(/^(about|saying|that)\s+/i, '');
  if (!message) return incomplete(command, 'page', target, 'What should the page say? Add a message after whom to page.');
  return call(command, 'page', { ...target, message });
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

/** On-call lookups and paging; the incident commander forms first since "oncall ic" also starts with "oncall". */
export const onCallPhrasings: readonly Phrasing[] = [incidentCommander, page, onCall];
