import { COMMAND_SPECS } from './command-specs.js';
import { incidentOptions, type IncidentOptions } from './incident-phrasings.js';
import { actionIdIn, afterColon, clip, incidentIdIn, incidentStatusIn, otherClauses, quotedIn, servicesIn, severityIn, userIdIn } from './intent-arguments.js';
import { ask, found, type IntentRule } from './intent-rule.js';
import { ALL_INCIDENTS, AUDIT, DECLARE, INCIDENT, OWNER, RESOLVE, SEVERITY_LABELS, SEVERITY_WORDS, UPDATE } from './intent-vocabulary.js';
import { asksForChange, isJapanese, mentions, phraseAt, type Sentence, textMentions } from './sentence.js';
import { tokenize } from './tokens.js';

// Words people use for the tools they search the audit log for ("who deployed", "audit pages").
const TOOL_WORDS: Record<string, string> = {
  ...Object.fromEntries(COMMAND_SPECS.map((spec) => [spec.tool, spec.tool])),
  deploys: 'deploy',
  deployed: 'deploy',
  deployments: 'deploy',
  rollbacks: 'rollback',
  pages: 'page',
  paged: 'page',
  silences: 'alert_silence',
  silenced: 'alert_silence',
};
// What is left of "declare a high severity incident checkout down" once the command words go: the title.
const TITLE_FILLERS = new Set([
  'declare', 'raise', 'file', 'open', 'start', 'create', 'new', 'a', 'an', 'the', 'incident', 'please', 'for', 'about', 'called', 'titled', 'named', 'with', 'owner', 'assign', 'assigned', 'to', 'is',
  ...SEVERITY_LABELS, ...Object.values(SEVERITY_WORDS).flat(),
]);
const NO_ID = 'Which incident? Give its id, e.g. INC-2026-0001 ("incidents" lists them).';

/** "what's the status of act_1a2b…?", "act_1a2b… の状態は？". */
export const actionIntent: IntentRule = (sentence) => {
  const id = actionIdIn(sentence);
  return id && !mentions(sentence, AUDIT) ? found('action_status', { id }) : undefined;
};

/** "what has U00DEV done lately, according to the audit log?", "監査ログで U00DEV が…". */
export const auditIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, AUDIT)) return undefined;
  const tool = sentence.words.map((word) => TOOL_WORDS[word]).find(Boolean);
  return found('audit_search', { actor: userIdIn(sentence), action_id: actionIdIn(sentence), tool, text: servicesIn(sentence)[0] });
};

/** "mark INC-… as identified", "resolve INC-…, the fix is out", "INC-… を解決済みにして"; a question about it shows it. */
export const incidentByIdIntent: IntentRule = (sentence) => {
  const id = incidentIdIn(sentence);
  if (!id) return undefined;
  const note = clip(otherClauses(sentence, (clause) => /inc-\d{4}-\d{4}/i.test(clause)), 500);
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
export const declareIntent: IntentRule = (sentence) => {
  if (!asksForChange(sentence) || !mentions(sentence, DECLARE) || !mentions(sentence, INCIDENT)) return undefined;
  const explicit = explicitOptions(sentence);
  const severity = explicit.severity ?? severityIn(sentence);
  const owner = explicit.owner ?? (mentions(sentence, OWNER) ? userIdIn(sentence) : undefined);
  if (explicit.problems.length) return ask('incident_declare', { severity, owner }, explicit.problems.join(' '));
  const title = clip(quotedIn(sentence) ?? afterColon(sentence) ?? titleLeftOver(sentence), 120);
  if (!title) return ask('incident_declare', { severity, owner }, 'What is the incident? Give a title, e.g. declare incident "auth 5xx" severity:high.');
  return found('incident_declare', { title, severity, owner });
};

/** "resolve the checkout incident": a change to an incident needs its id, never a guess. */
export const incidentWithoutIdIntent: IntentRule = (sentence) => {
  if (!asksForChange(sentence) || !mentions(sentence, INCIDENT)) return undefined;
  if (mentions(sentence, RESOLVE)) return ask('incident_resolve', {}, NO_ID);
  return mentions(sentence, UPDATE) ? ask('incident_update', {}, NO_ID) : undefined;
};

/** "are there any open incidents?", "未解決のインシデントはある？", "show all incidents". */
export const incidentsIntent: IntentRule = (sentence) => {
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
