import { call, incomplete, type ParsedCommand, type Phrasing } from './parsed-command.js';
import { isIncidentId, joinText, type Token, userIdOf } from './tokens.js';

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

/** `declare incident "auth 5xx" severity:high`, `incident declare checkout down sev2 owner:U00SRE`. */
const declare: Phrasing = ({ tokens, words }) => {
  let rest: number;
  if (words[0] === 'declare' && words[1] === 'incident') rest = 2;
  else if (words[0] === 'declare' && words[1] === 'an' && words[2] === 'incident') rest = 3;
  else if (words[0] === 'incident' && words[1] === 'declare') rest = 2;
  else return undefined;
  const options = incidentOptions(tokens.slice(rest));
  const quoted = options.free.find((token) => token.quoted);
  const title = quoted ? quoted.text : joinText(options.free);
  const args = { title: title || undefined, severity: options.severity, owner: options.owner };
  if (options.problems.length) return incomplete('incident', 'incident_declare', args, options.problems.join(' '));
  if (!title) return incomplete('incident', 'incident_declare', args, 'What is the incident? Give a title, e.g. declare incident "auth 5xx" severity:high.');
  return call('incident', 'incident_declare', args);
};

/** `incident update INC-2026-0001 status:identified cause found`, `update incident INC-… severity:critical`. */
const update: Phrasing = ({ tokens, words }) => {
  const isUpdate = (words[0] === 'incident' && words[1] === 'update') || (words[0] === 'update' && words[1] === 'incident');
  if (!isUpdate) return undefined;
  return withIncidentId('incident_update', tokens.slice(2), (id, options) => {
    const note = [options.note, joinText(options.free)].filter(Boolean).join(' ') || undefined;
    const args = { id, status: options.status, severity: options.severity, owner: options.owner, note };
    if (!options.status && !options.severity && !options.owner && !note) return incomplete('incident', 'incident_update', args, 'What changed? Give status:, severity:, owner: or a note.');
    return call('incident', 'incident_update', args);
  });
};

/** `resolve incident INC-2026-0001`, `incident resolve INC-… root cause fixed`, `close incident INC-…`. */
const resolve: Phrasing = ({ tokens, words }) => {
  let rest: number;
  if ((words[0] === 'resolve' || words[0] === 'close') && words[1] === 'incident') rest = 2;
  else if (words[0] === 'incident' && (words[1] === 'resolve' || words[1] === 'close')) rest = 2;
  else if (words[0] === 'resolve' && isIncidentId(words[1] ?? '')) rest = 1;
  else return undefined;
  return withIncidentId('incident_resolve', tokens.slice(rest), (id, options) => {
    const note = [options.note, joinText(options.free)].filter(Boolean).join(' ') || undefined;
    return call('incident', 'incident_resolve', { id, note });
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
  if (id) return call('incident', 'incident_list', { id: id.word.toUpperCase() });
  const all = remaining.some((token) => token.word === 'all' || token.word === 'closed' || token.word === 'resolved');
  return call('incident', 'incident_list', all ? { open_only: false } : {});
};

function withIncidentId(tool: string, tokens: Token[], build: (id: string, options: IncidentOptions) => ParsedCommand): ParsedCommand {
  const idToken = tokens.find((token) => isIncidentId(token.word));
  const options = incidentOptions(tokens.filter((token) => token !== idToken));
  if (!idToken) return incomplete('incident', tool, {}, 'Which incident? Give its id, e.g. INC-2026-0001 ("incidents" lists them).');
  const id = idToken.word.toUpperCase();
  if (options.problems.length) return incomplete('incident', tool, { id }, options.problems.join(' '));
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

/** Incidents: declaring, updating, resolving and listing. */
export const incidentPhrasings: readonly Phrasing[] = [declare, update, resolve, list];
