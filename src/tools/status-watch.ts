import { z } from 'zod';
import { defineTool } from './define-tool.js';
import type { Catalog } from './catalog.js';

/** The watch target meaning every service; no service name can be it (names start with a letter). */
export const OVERALL_STATUS = '*';

/**
 * `status_watch`: `status stalk` / `status unstalk`. A watch only changes what opsbot tells this user,
 * not the world, so it is a read: it needs `read:status` and no confirmation.
 */
export function statusWatchTool(catalog: Catalog) {
  return defineTool({
    name: 'status_watch',
    group: 'status',
    commands: [
      { command: 'status', usage: 'status stalk [SERVICE]', summary: 'watch the overall status (or one service) and report only changes here', words: ['stalk'], roles: { service: 'service' } },
      { command: 'status', usage: 'status unstalk [SERVICE]', summary: 'stop watching the overall status (or one service)', words: ['unstalk'], roles: { service: 'service' } },
      { command: 'status', usage: 'status watches', summary: 'what you are watching', words: ['watches'] },
    ],
    title: 'Watch a status',
    description: 'stalk: report status changes (of a service, or all) here; unstalk: stop; list: watches.',
    // Without a service, stalk and unstalk watch the overall status of every service.
    input: z.object({ action: z.enum(['stalk', 'unstalk', 'list']), service: catalog.service.optional() }),
    effect: 'read',
    keepsState: true,
    reportsLater: true,
    idempotent: true,
    permission: { verb: 'read', scopes: ['status'], scopeOf: () => 'status' },
    describe: (args) => `${args.action} ${args.action === 'list' ? '' : (args.service ?? 'the overall status')}`.trim(),
    async run(args, { backends, actor, origin }) {
      const { watches } = backends;
      const target = args.service ?? OVERALL_STATUS;
      const name = args.service ?? 'the overall status';
      if (args.action === 'list') {
        const list = await watches.list(actor);
        return { text: list.length ? `Watching: ${list.map((watch) => (watch.target === OVERALL_STATUS ? 'the overall status' : watch.target)).join(', ')}` : 'No watches.', data: { watches: list } };
      }
      if (args.action === 'unstalk') {
        const removed = await watches.remove({ target, owner: actor });
        return { text: removed ? `Stopped watching ${name}.` : `You were not watching ${name}.`, data: { removed } };
      }
      const { watch, created } = await watches.add({ target, owner: actor, origin });
      return { text: created ? `Watching ${name}: I will report status changes here (checked every 30 s).` : `Already watching ${name}.`, data: { watch, created } };
    },
  });
}
