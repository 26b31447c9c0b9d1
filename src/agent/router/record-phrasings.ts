import { COMMAND_SPECS } from './command-specs.js';
import { call, incomplete, type Phrasing } from './parsed-command.js';
import { isActionId, userIdOf } from './tokens.js';

// Tool names people might search the audit log for ("audit deploy").
const AUDITED_TOOLS = new Set(COMMAND_SPECS.map((spec) => spec.tool));

/** `audit`, `audit U00DEV`, `audit deploy`, `audit act_…`, `audit frontend 50`. */
const audit: Phrasing = ({ tokens, words }) => {
  if (words[0] !== 'audit') return undefined;
  const args: Record<string, unknown> = {};
  const text: string[] = [];
  for (const token of tokens.slice(words[1] === 'log' || words[1] === 'trail' ? 2 : 1)) {
    const user = userIdOf(token.text);
    if (user && !args.actor) args.actor = user;
    else if (isActionId(token.word) && !args.action_id) args.action_id = token.word;
    else if (AUDITED_TOOLS.has(token.word) && !args.tool) args.tool = token.word;
    else if (/^\d{1,3}$/.test(token.word) && !args.limit) args.limit = Math.min(100, Math.max(1, Number(token.word)));
    else if (!['for', 'by', 'of', 'last'].includes(token.word)) text.push(token.text);
  }
  if (text.length) args.text = text.join(' ');
  return call('audit', 'audit_search', args);
};

/** `action act_1a2b3c4d5e`, or just the id. */
const action: Phrasing = ({ words }) => {
  if (isActionId(words[0] ?? '')) return call('action', 'action_status', { id: words[0] });
  if (words[0] !== 'action' && words[0] !== 'actions') return undefined;
  const id = words.slice(1).find(isActionId);
  if (!id) return incomplete('action', 'action_status', {}, 'Which action? Give its id; they look like act_1a2b3c4d5e.');
  return call('action', 'action_status', { id });
};

/** opsbot's own records: the audit log and pending actions. */
export const recordPhrasings: readonly Phrasing[] = [audit, action];
