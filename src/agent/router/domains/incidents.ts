import type { Domain } from '../domain.js';
import { afterColon, bare, cleanText, clip, incidentIdIn, incidentStatusIn, otherClauses, quotedIn, servicesIn, severityIn, userIdIn } from '../intent-arguments.js';
import { ask, found, type IntentRule } from '../intent-rule.js';
import { ALL_INCIDENTS, DECLARE, INCIDENT, OWNER, RESOLVE, SEVERITY_LABELS, SEVERITY_WORDS, UPDATE } from '../intent-vocabulary.js';
import { call, incomplete, type ParsedCommand, type Phrasing } from '../parsed-command.js';
import { asksForChange, isJapanese, mentions, phraseAt, type Sentence, textMentions } from '../sentence.js';
import { isIncidentId, joinText, type Token, tokenize, userIdOf } from '../tokens.js';
import type { Vocabulary } from '../vocabulary.js';

// Verbs that open an incident in the command grammar: `incident create …` is `declare incident …`.
// (`open` is left out: "incident open" and "open incidents" list the open ones.)
const DECLARE_VERBS = new Set(['declare', 'create', 'raise', 'start', 'file']);

const SEVERITIES = ['low', 'medium', 'high', 'critical'];

// Classic severity levels, as people say them in incident channels.
const SEV_LEVELS: Record<string, string> = { sev1: 'critical', sev2: 'high', sev3: 'medium', sev4: 'low', '1': 'critical', '2': 'high', '3': 'medium', '4': 'low' };

const STATUSES = ['investigating', 'identified', 'monitoring'];

/** Options written as `key:value` (or `severity high`), and the free text left over (title or note). */
export interface IncidentOptions {
  severity?: string;
  status?: string;
  owner?: string;
  note?: string;
  free: Token[];
  problems: string[];
}

/** `declare incident "auth 5xx" severity:high`, `incident declare checkout down sev2 owner:U00SRE`, `incident create TITLE [severity:S] [owner:@U]`. */
const declare: Phrasing = ({ tokens, words, vocabulary }) => {
  let rest: number;
  if (DECLARE_VERBS.has(words[0] ?? '') && words[1] === 'incident') rest = 2;
  else if (DECLARE_VERBS.has(words[0] ?? '') && (words[1] === 'an' || words[1] === 'a' || words[1] === 'new') && words[2] === 'incident') rest = 3;
  else if (words[0] === 'incident' && DECLARE_VERBS.has(words[1] ?? '')) rest = 2;
  else if (words[0] === 'incident' && words[1] === 'new') rest = 2;
  else return undefined;
  const options = incidentOptions(tokens.slice(rest));
  const quoted = options.free.find((token) => token.quoted);
  const title = quoted ? quoted.text : cleanText(joinText(options.free));
  const args = { title: title || undefined, severity: options.severity, owner: options.owner, service: title ? serviceInTitle(title, vocabulary) : undefined };
  if (options.problems.length) return incomplete('incident_declare', args, options.problems.join(' '));
  if (!title) return incomplete('incident_declare', args, 'What is the incident? Give a title, e.g. declare incident "auth 5xx" severity:high.');
  return call('incident_declare', args);
};

/** `incident update INC-2026-0001 status:identified cause found`, `update incident INC-… severity:critical`. */
const update: Phrasing = ({ tokens, words, channel }) => {
  const isUpdate = (words[0] === 'incident' && words[1] === 'update') || (words[0] === 'update' && words[1] === 'incident');
  if (!isUpdate) return undefined;
  return withIncidentId('incident_update', tokens.slice(2), channel, (id, options) => {
    const note = [options.note, joinText(options.free)].filter(Boolean).join(' ') || undefined;
    const args = { id, status: options.status, severity: options.severity, owner: options.owner, note };
    if (!options.status && !options.severity && !options.owner && !note) return incomplete('incident_update', args, 'What changed? Give status:, severity:, owner: or a note.');
    return call('incident_update', args);
  });
};

/** `resolve incident INC-2026-0001`, `incident resolve INC-… root cause fixed`, `close incident INC-…`. */
const resolve: Phrasing = ({ tokens, words }) => {
  let rest: number;
  if ((words[0] === 'resolve' || words[0] === 'close') && words[1] === 'incident') rest = 2;
  else if (words[0] === 'incident' && (words[1] === 'resolve' || words[1] === 'close')) rest = 2;
  else if (words[0] === 'resolve' && isIncidentId(words[1] ?? '')) rest = 1;
  else return undefined;
  return withIncidentId('incident_resolve', tokens.slice(rest), undefined, (id, options) => {
    const note = [options.note, joinText(options.free)].filter(Boolean).join(' ') || undefined;
    return call('incident_resolve', { id, note });
  });
};

/** `incidents`, `incidents all`, `incident list`, `incident show INC-…`, `incident INC-…`. */
const list: Phrasing = ({ tokens, words }) => {
  let rest: number;
  if (words[0] === 'incidents') rest = 1;
  else if (words[0] === 'incident' && ['list', 'show', 'open', 'all'].includes(words[1] ?? '')) rest = words[1] === 'list' || words[1] === 'show' ? 2 : 1;
  else if (words[0] === 'incident' && isIncidentId(words[1] ?? '')) rest = 1;
  else if (['list', 'show', 'open'].includes(words[0] ?? '') && words[1] === 'incidents') rest = words[0] === 'open' ? 1 : 2;
  else return undefined;
  const remaining = tokens.slice(rest);
  const id = remaining.find((token) => isIncidentId(token.word));
  if (id) return call('incident_list', { id: id.word.toUpperCase() });
  const all = remaining.some((token) => token.word === 'all' || token.word === 'closed' || token.word === 'resolved');
  return call('incident_list', all ? { open_only: false } : {});
};

/** The service a title names, by name or alias ("api 5xx spike", "login page times out": login is auth's alias). */
function serviceInTitle(title: string, vocabulary: Vocabulary): string | undefined {
  for (const token of tokenize(title)) {
    const service = vocabulary.service(bare(token.word));
    if (service) return service;
  }
  return vocabulary.scriptAliases.find(([alias]) => title.toLowerCase().includes(alias))?.[1];
}

/** `incident note [INC-…] TEXT`: the id may be left out in the incident's channel. */
const note: Phrasing = ({ tokens, words, channel }) => {
  if (words[0] !== 'incident' || words[1] !== 'note') return undefined;
  const rest = tokens.slice(2);
  const idToken = rest.find((token) => isIncidentId(token.word));
  const text = joinText(rest.filter((token) => token !== idToken));
  const args = { id: idToken?.word.toUpperCase(), text: text || undefined };
  if (!idToken && !channel) return incomplete('incident_note', args, NO_ID);
  return text ? call('incident_note', args) : incomplete('incident_note', args, 'What should the note say? e.g. incident note rolled back the CDN config.');
};

/** `incident timeline [INC-…]`. */
const timeline: Phrasing = ({ tokens, words, channel }) => {
  if (words[0] !== 'incident' || words[1] !== 'timeline') return undefined;
  const idToken = tokens.slice(2).find((token) => isIncidentId(token.word));
  if (!idToken && !channel) return incomplete('incident_timeline', {}, NO_ID);
  return call('incident_timeline', { id: idToken?.word.toUpperCase() });
};

/** `incident postmortem [INC-…]` (the draft), `incident postmortem [INC-…] pr` (proposed as a pull request). */
const postmortem: Phrasing = ({ tokens, words, channel }) => {
  if (words[0] !== 'incident' || words[1] !== 'postmortem') return undefined;
  const rest = tokens.slice(2);
  const idToken = rest.find((token) => isIncidentId(token.word));
  const tool = rest.some((token) => ['pr', 'publish'].includes(token.word)) ? 'postmortem_publish' : 'incident_postmortem';
  if (!idToken && !channel) return incomplete(tool, {}, NO_ID);
  return call(tool, { id: idToken?.word.toUpperCase() });
};

/** With `channel` (the message came from a conversation, perhaps an incident's), a missing id is left for the tool to find there. */
function withIncidentId(tool: string, tokens: Token[], channel: string | undefined, build: (id: string | undefined, options: IncidentOptions) => ParsedCommand): ParsedCommand {
  const idToken = tokens.find((token) => isIncidentId(token.word));
  const options = incidentOptions(tokens.filter((token) => token !== idToken));
  if (!idToken && !channel) return incomplete(tool, {}, NO_ID);
  const id = idToken?.word.toUpperCase();
  if (options.problems.length) return incomplete(tool, { id }, options.problems.join(' '));
  return build(id, options);
}

/** Reads `key:value` options; the intent layer uses it too, so a bad explicit value is reported the same way. */
export function incidentOptions(tokens: Token[]): IncidentOptions {
  const options: IncidentOptions = { free: [], problems: [] };
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const pair = /^([a-z]+)[:=](.*)$/i.exec(token.text);
    const key = pair ? pair[1]!.toLowerCase() : ['severity', 'sev', 'status'].includes(token.word) && tokens[index + 1] && !token.quoted ? token.word : undefined;
    if (!key || !['severity', 'sev', 'status', 'owner', 'note'].includes(key)) {
      if (SEV_LEVELS[token.word] && token.word.startsWith('sev')) options.severity = SEV_LEVELS[token.word];
      else options.free.push(token);
      continue;
    }
    const value = pair ? pair[2]! : tokens[++index]!.text;
    applyOption(options, key, value.trim());
  }
  return options;
}

function applyOption(options: IncidentOptions, key: string, value: string): void {
  const lower = value.toLowerCase().replace(/[?!.,;]+$/, '');
  if (key === 'severity' || key === 'sev') {
    const severity = SEVERITIES.includes(lower) ? lower : SEV_LEVELS[lower];
    if (severity) options.severity = severity;
    else options.problems.push(`Severity "${value}" is not one of ${SEVERITIES.join(', ')}.`);
  } else if (key === 'status') {
    if (STATUSES.includes(lower)) options.status = lower;
    else if (lower === 'resolved') options.problems.push('To resolve an incident, say "incident resolve INC-ID".');
    else options.problems.push(`Status "${value}" is not one of ${STATUSES.join(', ')}.`);
  } else if (key === 'owner') {
    const owner = userIdOf(value);
    if (owner) options.owner = owner;
    else options.problems.push(`Owner "${value}" must be a user id like U012ABC.`);
  } else if (value) options.note = value;
}

// What is left of "declare a high severity incident checkout down" once the command words go: the title.
const TITLE_FILLERS = new Set([
  'declare', 'raise', 'file', 'open', 'start', 'create', 'new', 'a', 'an', 'the', 'incident', 'please', 'for', 'about', 'called', 'titled', 'named', 'with', 'owner', 'assign', 'assigned', 'to', 'is',
  ...SEVERITY_LABELS, ...Object.values(SEVERITY_WORDS).flat(),
]);

const NO_ID = 'Which incident? Give its id, e.g. INC-2026-0001 ("incidents" lists them).';

/** "mark INC-… as identified", "resolve INC-…, the fix is out", "INC-… を解決済みにして"; a question about it shows it. */
const incidentByIdIntent: IntentRule = (sentence) => {
  const id = incidentIdIn(sentence);
  if (!id) return undefined;
  // "add a note to INC-…: rolled back the CDN config": the note is what follows the colon.
  const note = clip(afterColon(sentence) ?? otherClauses(sentence, (clause) => /inc-\d{4}-\d{4}/i.test(clause)), 500);
  if (asksForChange(sentence) && mentions(sentence, RESOLVE)) return found('incident_resolve', { id, note });
  const explicit = explicitOptions(sentence);
  const status = explicit.status ?? incidentStatusIn(sentence);
  const severity = explicit.severity ?? severityIn(sentence);
  const owner = explicit.owner ?? (mentions(sentence, OWNER) ? userIdIn(sentence) : undefined);
  const changing = status || severity || owner || explicit.note || explicit.problems.length || mentions(sentence, UPDATE);
  if (!asksForChange(sentence) || !changing) return found('incident_list', { id });
  if (explicit.problems.length) return ask('incident_update', { id }, explicit.problems.join(' '));
  const args = { id, status, severity, owner, note: explicit.note ?? note };
  if (!status && !severity && !owner && !args.note) return ask('incident_update', args, 'What changed? Give a status (investigating, identified, monitoring), a severity, an owner or a note.');
  return found('incident_update', args);
};

/** "declare a high severity incident: checkout failing", "重大度highでインシデントを宣言して：…". */
const declareIntent: IntentRule = (sentence) => {
  if (!asksForChange(sentence) || !mentions(sentence, DECLARE) || !mentions(sentence, INCIDENT)) return undefined;
  const explicit = explicitOptions(sentence);
  const severity = explicit.severity ?? severityIn(sentence);
  const owner = explicit.owner ?? (mentions(sentence, OWNER) ? userIdIn(sentence) : undefined);
  if (explicit.problems.length) return ask('incident_declare', { severity, owner }, explicit.problems.join(' '));
  const title = clip(cleanText(quotedIn(sentence) ?? afterColon(sentence) ?? titleLeftOver(sentence)), 120);
  if (!title) return ask('incident_declare', { severity, owner }, 'What is the incident? Give a title, e.g. declare incident "auth 5xx" severity:high.');
  // The service the sentence names is the incident's ("declare an incident for api: 5xx spike"); else the channel's (pipeline.ts).
  return found('incident_declare', { title, severity, owner, service: servicesIn(sentence)[0] });
};

/** "resolve the checkout incident": a change to an incident needs its id, never a guess. */
const incidentWithoutIdIntent: IntentRule = (sentence) => {
  if (!asksForChange(sentence) || !mentions(sentence, INCIDENT)) return undefined;
  if (mentions(sentence, RESOLVE)) return ask('incident_resolve', {}, NO_ID);
  return mentions(sentence, UPDATE) ? ask('incident_update', {}, NO_ID) : undefined;
};

/** "are there any open incidents?", "未解決のインシデントはある？", "show all incidents". */
const incidentsIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, INCIDENT)) return undefined;
  return found('incident_list', mentions(sentence, ALL_INCIDENTS) ? { open_only: false } : {});
};

// `status:identified` and friends inside a sentence, validated exactly as the command grammar does.
function explicitOptions(sentence: Sentence): IncidentOptions {
  return incidentOptions(tokenize(sentence.text).filter((token) => /^[a-z]+[:=]\S/i.test(token.text)));
}

function titleLeftOver(sentence: Sentence): string | undefined {
  if (isJapanese(sentence.text)) {
    const reason = otherClauses(sentence, (clause) => textMentions(clause, DECLARE));
    if (reason) return reason;
    const before = sentence.text.slice(0, Math.max(0, phraseAt(sentence, INCIDENT)));
    const cleaned = before.replace(/(重大度|深刻度|優先度|緊急度)\s*\S*?(で|の|、)/u, '').replace(/(で|の|について|として|という|に関する)$/u, '').trim();
    return cleaned.length >= 3 ? cleaned : undefined;
  }
  const words = sentence.tokens.filter((token) => !TITLE_FILLERS.has(token.word) && !/^[a-z]+[:=]/i.test(token.text) && !/^<?@?[UW][A-Z0-9]{2,}/.test(token.text));
  const title = words.map((token) => token.text).join(' ');
  return title.length >= 3 ? title : undefined;
}

/**
 * Incidents: declaring, updating, resolving and listing. An incident id decides first among intents (a change
 * to an incident needs one), then declaring, then a change without an id (asked for, never guessed).
 */
export const incidentsDomain: Domain = {
  name: 'incidents',
  forms: [
    { order: 30, rule: declare },
    { order: 31, rule: update },
    { order: 32, rule: resolve },
    { order: 33, rule: list },
    { order: 34, rule: note },
    { order: 35, rule: timeline },
    { order: 36, rule: postmortem },
  ],
  intents: [
    { order: 30, rule: incidentByIdIntent },
    { order: 40, rule: declareIntent },
    { order: 50, rule: incidentWithoutIdIntent },
    { order: 160, rule: incidentsIntent },
  ],
};
