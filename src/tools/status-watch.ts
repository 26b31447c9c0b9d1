import { z } from 'zod';
import { watchConversationOf, type Origin } from '../actions/origin.js';
import { defineTool } from './define-tool.js';
import type { Catalog } from './catalog.js';

/** Front ends that keep running and report watches (the shell, Slack); a one-shot `ask` or MCP call cannot. */
const WATCHING_FRONT_ENDS: ReadonlyArray<Origin['frontEnd']> = ['shell', 'slack', 'test'];

/**
 * The status a watch compares: a service's overall status; for the overall watch, "NORMAL" or each service
 * that is not, by name (so it changes when any service's does).
 */
export function watchedStatusOf(services: Array<{ service?: string; overall?: string }> | undefined, overall: boolean): string {
  if (!overall) return services?.[0]?.overall ?? 'UNKNOWN';
  const troubled = (services ?? []).filter((service) => service.overall !== 'NORMAL').map((service) => `${service.service} ${service.overall ?? 'UNKNOWN'}`);
  return services?.length ? (troubled.length ? troubled.join(', ') : 'NORMAL') : 'UNKNOWN';
}

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
    async run(args, { backends, actor, origin, config }) {
      const { watches } = backends;
      const target = args.service ?? OVERALL_STATUS;
      const name = args.service ?? 'the overall status';
      const conversation = watchConversationOf(origin, actor);
      const who = (id: string) => config.people[id]?.name ?? id;
      if (args.action === 'list') {
        const list = await watches.list(conversation);
        const shown = list.map((watch) => `${watch.target === OVERALL_STATUS ? 'the overall status' : watch.target} (started by ${who(watch.owner)})`);
        return { text: list.length ? `Watching here: ${shown.join(', ')}` : 'Nothing is watched here.', data: { watches: list } };
      }
      if (args.action === 'unstalk') {
        const removed = await watches.remove({ target, conversation });
        return { text: removed ? `Stopped watching ${name}.` : `Nothing here was watching ${name}.`, data: { removed } };
      }
      if (!WATCHING_FRONT_ENDS.includes((origin as Origin).frontEnd)) {
        return { text: `Watching needs a front end that keeps running to report changes: type \`status stalk${args.service ? ` ${args.service}` : ''}\` in \`opsbot shell\` or in Slack. Nothing is watched.`, data: { created: false } };
      }
      const [existing] = (await watches.list(conversation)).filter((watch) => watch.target === target);
      if (existing) return { text: `Already watching ${name} here (started by ${who(existing.owner)}).`, data: { watch: existing, created: false } };
      // Checked once now: the person learns the status at once, and a change before the first poll is a change.
      const services = args.service ? [args.service] : config.services.map((service) => service.name);
      const statuses = await Promise.all(services.map((service) => backends.metrics.status(service, catalog.defaultEnvironment).then((status) => ({ service, overall: status.overall }), () => ({ service, overall: 'UNKNOWN' }))));
      const status = watchedStatusOf(statuses, !args.service);
      const { watch } = await watches.add({ target, owner: actor, origin, conversation, lastStatus: status });
      return { text: `Watching ${name}: ${status}. I will report every change here.`, data: { watch, created: true, status } };
    },
  });
}
