import { z } from 'zod';
import { defineTool } from './define-tool.js';
import type { Catalog } from './catalog.js';

/**
 * `status_watch`: `status stalk` / `status unstalk`. A watch only changes what opsbot tells this user,
 * not the world, so it is a read: it needs `read:status` and no confirmation.
 */
export function statusWatchTool(catalog: Catalog) {
  return defineTool({
    name: 'status_watch',
    title: 'Watch a status',
    description: "stalk: report a service's status changes here (checked every 30 s); unstalk: stop; list: watches.",
    input: z
      .object({ action: z.enum(['stalk', 'unstalk', 'list']), service: catalog.service.optional() })
      .refine((args) => args.action === 'list' || args.service, { message: 'service is required to stalk or unstalk', path: ['service'] }),
    effect: 'read',
    permission: { verb: 'read', scopes: ['status'], scopeOf: () => 'status' },
    describe: (args) => `${args.action} ${args.service ?? ''}`.trim(),
    async run(args, { backends, actor, origin }) {
      const { watches } = backends;
      if (args.action === 'list') {
        const list = await watches.list(actor);
        return { text: list.length ? `Watching: ${list.map((watch) => watch.target).join(', ')}` : 'No watches.', data: { watches: list } };
      }
      if (args.action === 'unstalk') {
        const removed = await watches.remove({ target: args.service!, owner: actor });
        return { text: removed ? `Stopped watching ${args.service}.` : `You were not watching ${args.service}.`, data: { removed } };
      }
      const { watch, created } = await watches.add({ target: args.service!, owner: actor, origin });
      return { text: created ? `Watching ${args.service}: I will report status changes here (checked every 30 s).` : `Already watching ${args.service}.`, data: { watch, created } };
    },
  });
}
