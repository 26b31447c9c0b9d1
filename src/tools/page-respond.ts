import { z } from 'zod';
import { ToolFailure } from '../errors.js';
import { defineTool } from './define-tool.js';

/** `page_respond`: acknowledge or resolve a page in the paging provider, as the requester (mutation). */
export function pageRespondTool() {
  return defineTool({
    name: 'page_respond',
    group: 'oncall',
    commands: [{ command: 'page', usage: 'page ack PAGE-ID | page resolve PAGE-ID', summary: 'acknowledge or resolve a page as yourself (PagerDuty)', words: ['ack', 'resolve'], roles: { page: 'text' } }],
    title: 'Acknowledge or resolve a page',
    description: 'Acknowledge or resolve a page (a PagerDuty incident, id like PT4KHLK) as yourself in the paging provider.',
    input: z.object({ page: z.string().regex(/^[A-Z0-9]{4,20}$/, 'must be a page id like PT4KHLK'), action: z.enum(['acknowledge', 'resolve']) }),
    effect: 'mutate',
    destructive: false,
    idempotent: true,
    permission: { verb: 'page', scopes: ['acknowledge', 'resolve'], scopeOf: (args) => args.action },
    describe: (args) => `${args.action} page ${args.page}`,
    // Refused before anyone confirms when the requester has no identity in the provider to act as.
    async preview(args, { backends, actor }) {
      const problem = backends.paging.responderProblem?.(actor);
      if (problem) throw new ToolFailure(problem);
      return {};
    },
    async run(args, { backends, actor }) {
      if (!backends.paging.respond) throw new ToolFailure('The configured paging provider cannot acknowledge or resolve pages; do it in the provider.');
      const result = await backends.paging.respond({ id: args.page, action: args.action, by: actor });
      return { text: `Page ${result.id} "${result.title}" is now ${result.status} (by <@${actor}>).`, data: { page: result } };
    },
  });
}
