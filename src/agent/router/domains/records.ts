import type { Domain } from '../domain.js';
import { actionIdIn, servicesIn, userIdIn } from '../intent-arguments.js';
import { found, type IntentRule } from '../intent-rule.js';
import { AUDIT } from '../intent-vocabulary.js';
import { call, incomplete, type Phrasing } from '../parsed-command.js';
import { mentions } from '../sentence.js';
import { isActionId, userIdOf } from '../tokens.js';

// Tool names people might search the audit log for ("audit deploy").

/** `audit`, `audit U00DEV`, `audit deploy`, `audit act_…`, `audit frontend 50`. */
const audit: Phrasing = ({ tokens, words, commands }) => {
  if (words[0] !== 'audit') return undefined;
  const tools = new Set(commands.map((entry) => entry.tool));
  const args: Record<string, unknown> = {};
  const text: string[] = [];
  for (const token of tokens.slice(words[1] === 'log' || words[1] === 'trail' ? 2 : 1)) {
    const user = userIdOf(token.text);
    if (user && !args.actor) args.actor = user;
    else if (isActionId(token.word) && !args.action_id) args.action_id = token.word;
    else if (tools.has(token.word) && !args.tool) args.tool = token.word;
    else if (/^\d{1,3}$/.test(token.word) && !args.limit) args.limit = Math.min(100, Math.max(1, Number(token.word)));
    else if (!['for', 'by', 'of', 'last'].includes(token.word)) text.push(token.text);
  }
  if (text.length) args.text = text.join(' ');
  return call('audit_search', args);
};

/** `action act_1a2b3c4d5e`, or just the id. */
const action: Phrasing = ({ words }) => {
  if (isActionId(words[0] ?? '')) return call('action_status', { id: words[0] });
  if (words[0] !== 'action' && words[0] !== 'actions') return undefined;
  const id = words.slice(1).find(isActionId);
  if (!id) return incomplete('action_status', {}, 'Which action? Give its id; they look like act_1a2b3c4d5e.');
  return call('action_status', { id });
};

// Words people use for the tools they search the audit log for ("who deployed", "audit pages").
const TOOL_WORDS: Record<string, string> = {
  deploys: 'deploy',
  deployed: 'deploy',
  deployments: 'deploy',
  rollbacks: 'rollback',
  pages: 'page',
  paged: 'page',
  silences: 'alert_silence',
  silenced: 'alert_silence',
};

/** "what's the status of act_1a2b…?", "act_1a2b… の状態は？". */
const actionIntent: IntentRule = (sentence) => {
  const id = actionIdIn(sentence);
  return id && !mentions(sentence, AUDIT) ? found('action_status', { id }) : undefined;
};

/** "what has U00DEV done lately, according to the audit log?", "監査ログで U00DEV が…". */
const auditIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, AUDIT)) return undefined;
  const tools = new Set(sentence.commands.map((entry) => entry.tool));
  const tool = sentence.words.map((word) => (tools.has(word) ? word : TOOL_WORDS[word])).find(Boolean);
  return found('audit_search', { actor: userIdIn(sentence), action_id: actionIdIn(sentence), tool, text: servicesIn(sentence)[0] });
};

/** opsbot's own records: the audit log and pending actions; ids are unambiguous, so they go first. */
export const recordsDomain: Domain = {
  name: 'records',
  forms: [
    { order: 10, rule: audit },
    { order: 11, rule: action },
  ],
  intents: [
    { order: 10, rule: actionIntent },
    { order: 20, rule: auditIntent },
  ],
};
