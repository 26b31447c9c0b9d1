import { z } from 'zod';
import type { DeployLocksPort } from '../store/deploy-locks.js';
import { ToolFailure } from '../errors.js';
import { defineTool } from './define-tool.js';
import type { Catalog } from './catalog.js';

// One permission for locking and unlocking, scoped by environment (`lock:staging`, `lock:production`): whoever may
// lift a production freeze is a decision about production, so someone granted only `lock:staging` cannot lift a
// lead's. Approval rules over `*:production` apply to production locks too.
const permission = { verb: 'lock', scopes: 'environments', scopeOf: (args: { environment: string }) => args.environment } as const;

/** `deploy_lock`: `lock frontend in production "migrating db"`; deploys there are refused until unlocked. */
export function deployLockTool(catalog: Catalog) {
  return defineTool({
    name: 'deploy_lock',
    group: 'deploys',
    commands: [{ command: 'deploy', usage: 'deploy lock SERVICE [in] ENVIRONMENT REASON', summary: 'refuse deploys there until unlocked ("lock frontend in production migrating db")', words: ['lock'], roles: { service: 'service', environment: 'environment', reason: 'text' } }],
    title: 'Lock deploys',
    description: 'Lock deploys of a service in an environment, with a reason.',
    input: z.object({ service: catalog.service, environment: catalog.environment, reason: z.string().min(1).max(200) }),
    effect: 'mutate',
    idempotent: true,
    permission,
    describe: (args) => `lock deploys of ${args.service} in ${args.environment}: "${args.reason}"`,
    async preview(args, { backends }) {
      const existing = await backends.locks.get(args.service, args.environment);
      if (existing) throw new ToolFailure(`${args.service} in ${args.environment} is already locked: ${lockText(existing)}.`);
      return { lock: `${args.service} in ${args.environment}`, reason: args.reason };
    },
    async run(args, { backends, actor }) {
      const { lock, created } = await backends.locks.lock({ ...args, lockedBy: actor });
      const text = created ? `Locked deploys of ${args.service} in ${args.environment}: "${lock.reason}".` : `${args.service} in ${args.environment} was already locked: ${lockText(lock)}.`;
      return { text, data: { lock, created } };
    },
  });
}

/** `deploy_unlock`: `unlock frontend in production`. */
export function deployUnlockTool(catalog: Catalog) {
  return defineTool({
    name: 'deploy_unlock',
    group: 'deploys',
    commands: [{ command: 'deploy', usage: 'deploy unlock SERVICE [in] ENVIRONMENT', summary: 'lift a deploy lock', words: ['unlock'], roles: { service: 'service', environment: 'environment' } }],
    title: 'Unlock deploys',
    description: 'Remove a deploy lock.',
    input: z.object({ service: catalog.service, environment: catalog.environment }),
    effect: 'mutate',
    idempotent: true,
    permission,
    describe: (args) => `unlock deploys of ${args.service} in ${args.environment}`,
    async preview(args, { backends }) {
      const existing = await backends.locks.get(args.service, args.environment);
      if (!existing) throw new ToolFailure(`${args.service} in ${args.environment} is not locked.`);
      return { unlock: `${args.service} in ${args.environment}`, locked: lockText(existing) };
    },
    async run(args, { backends }) {
      const removed = await backends.locks.unlock(args.service, args.environment);
      return { text: removed ? `Unlocked deploys of ${args.service} in ${args.environment} (was: ${lockText(removed)}).` : `${args.service} in ${args.environment} was not locked.`, data: { removed } };
    },
  });
}

/** Refuses while a lock holds, saying who locked it, why and since when; a lead's forced deploy passes. */
export async function refuseIfLocked(locks: DeployLocksPort, service: string, environment: string, forced: boolean): Promise<string | null> {
  const lock = await locks.get(service, environment);
  if (!lock) return null;
  if (!forced) throw new ToolFailure(`Deploys of ${service} in ${environment} are locked: ${lockText(lock)}. Unlock it, or a lead can force with deploy!.`, { lock });
  return lockText(lock);
}

function lockText(lock: { lockedBy: string; reason: string; lockedAt: string }): string {
  return `"${lock.reason}" by ${lock.lockedBy} since ${lock.lockedAt}`;
}
