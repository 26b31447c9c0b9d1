import { z } from 'zod';
import { ToolFailure } from '../errors.js';
import { defineTool } from './define-tool.js';

/** `audit_search`: who did what, from the audit log. */
export function auditSearchTool() {
  return defineTool({
    name: 'audit_search',
    group: 'reports',
    commands: [{ command: 'audit', usage: 'audit [USER|TOOL|ACTION-ID|TEXT]', summary: 'who did what, from the audit log', roles: { actor: 'person', text: 'text' } }],
    title: 'Search the audit log',
    description: 'Search the audit log by actor, tool, action id or text; newest last.',
    input: z.object({
      actor: z.string().max(40).optional(),
      tool: z.string().max(60).optional(),
      action_id: z.string().max(40).optional(),
      text: z.string().max(100).optional(),
      limit: z.number().int().min(1).max(100).default(20),
    }),
    effect: 'read',
    permission: { verb: 'read', scopes: ['audit'], scopeOf: () => 'audit' },
    describe: () => 'search the audit log',
    async run(args, { backends }) {
      const records = await backends.records.searchAudit({ actor: args.actor, tool: args.tool, actionId: args.action_id, text: args.text, limit: args.limit });
      const lines = records.map((record) => `  #${record.seq} ${record.at} ${record.actor} ${record.event}${record.tool ? ` ${record.tool}` : ''}${record.actionId ? ` ${record.actionId}` : ''}${record.decision ? ` → ${record.decision}` : ''}`);
      return { text: records.length ? [`${records.length} audit record(s):`, ...lines].join('\n') : 'No matching audit records.', data: { records } };
    },
  });
}

/** `action_status`: state and outcome of a pending action by id. */
export function actionStatusTool() {
  return defineTool({
    name: 'action_status',
    group: 'reports',
    commands: [{ command: 'action', usage: 'action ACTION-ID', summary: 'state and outcome of a proposed action' }],
    title: 'Action status',
    description: 'State and outcome of an action by id (act_…).',
    input: z.object({ id: z.string().regex(/^act_[0-9a-f]{6,}$/, 'must look like act_1a2b3c4d5e') }),
    effect: 'read',
    permission: { verb: 'read', scopes: ['actions'], scopeOf: () => 'actions' },
    describe: (args) => `show action ${args.id}`,
    async run(args, { backends }) {
      const action = await backends.records.getAction(args.id);
      if (!action) throw new ToolFailure(`No action ${args.id}.`);
      const decided = action.decidedBy ? `; ${action.state === 'rejected' || action.state === 'cancelled' ? action.state : 'approved'} by ${action.decidedBy} at ${action.decidedAt}` : '';
      const text = `${action.id} ${action.state}: ${action.summary} (requested by ${action.requester}${decided})${action.result ? `\n${action.result.text}` : ''}`;
      return { text, data: { action: { id: action.id, tool: action.tool, args: action.args, state: action.state, requester: action.requester, decidedBy: action.decidedBy, expiresAt: action.expiresAt, result: action.result } } };
    },
  });
}
