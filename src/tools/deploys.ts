import { z } from 'zod';
import type { DeployRecord, DeploysPort } from '../backends/ports.js';
import { ToolFailure } from '../errors.js';
import { defineTool, type ToolContext } from './define-tool.js';
import { type Catalog, versionSchema } from './catalog.js';

/** `deploy_history`: recent deploys and rollbacks of a service. */
export function deployHistoryTool(catalog: Catalog) {
  return defineTool({
    name: 'deploy_history',
    title: 'Deploy history',
    description: 'Recent deploys and rollbacks of a service: version, state, who, when.',
    input: z.object({
      service: catalog.service,
      environment: catalog.environment.optional(),
      limit: z.number().int().min(1).max(50).default(5),
    }),
    effect: 'read',
    permission: { verb: 'read', scopes: ['deploys'], scopeOf: () => 'deploys' },
    describe: (args) => `show deploy history of ${args.service}`,
    async run(args, { backends }) {
      const deploys = await backends.deploys.history(args.service, args.environment, args.limit);
      const text = deploys.length ? deploys.map(formatDeploy).join('\n') : `No deploys recorded for ${args.service}.`;
      return { text, data: { deploys } };
    },
  });
}

/** `deploy`: ship a version of a service to an environment (mutation). */
export function deployTool(catalog: Catalog) {
  return defineTool({
    name: 'deploy',
    title: 'Deploy a version',
    description: 'Deploy a version of a service to an environment.',
    input: z.object({ service: catalog.service, environment: catalog.environment, version: versionSchema }),
    effect: 'mutate',
    destructive: true,
    idempotent: true,
    permission: { verb: 'deploy', scopes: 'environments', scopeOf: (args) => args.environment },
    describe: (args) => `deploy ${args.service} ${args.version} to ${args.environment}`,
    async preview(args, { backends }) {
      const current = await backends.deploys.current(args.service, args.environment);
      if (current.version === args.version) throw new ToolFailure(`${args.service} ${args.version} is already running in ${args.environment}`);
      return { current: current.version ?? 'none', proposed: args.version, ...(current.inProgress ? { inProgress: `${current.inProgress.version} (${Math.round(current.inProgress.progress * 100)}%)` } : {}) };
    },
    async preconditions(args, { backends }) {
      const current = await backends.deploys.current(args.service, args.environment);
      return { current: { label: `${args.service} in ${args.environment}`, value: current.version ?? 'none' } };
    },
    async run(args, context) {
      const started = await context.backends.deploys.deploy({ ...args, requestedBy: context.actor });
      return followDeploy(context.backends.deploys, started, context);
    },
  });
}

/** `rollback`: return a service to its previous good version, or a named one (mutation). */
export function rollbackTool(catalog: Catalog) {
  return defineTool({
    name: 'rollback',
    title: 'Roll back a service',
    description: 'Roll a service back in an environment to the previous successful version, or to a named one.',
    input: z.object({ service: catalog.service, environment: catalog.environment, version: versionSchema.optional() }),
    effect: 'mutate',
    destructive: true,
    permission: { verb: 'rollback', scopes: 'environments', scopeOf: (args) => args.environment },
    describe: (args) => `roll back ${args.service} in ${args.environment} to ${args.version ?? 'the previous successful version'}`,
    async preview(args, { backends }) {
      const current = await backends.deploys.current(args.service, args.environment);
      const target = args.version ?? (await previousGood(backends.deploys, args.service, args.environment, current.version));
      if (!target) throw new ToolFailure(`${args.service} has no earlier successful version in ${args.environment} to roll back to`);
      return { current: current.version ?? 'none', proposed: target };
    },
    async preconditions(args, { backends }) {
      const current = await backends.deploys.current(args.service, args.environment);
      const facts = { current: { label: `${args.service} in ${args.environment}`, value: current.version ?? 'none' } };
      // Without a named version the target comes from history, which a deploy in between also changes.
      if (args.version) return facts;
      const target = await previousGood(backends.deploys, args.service, args.environment, current.version);
      return { ...facts, target: { label: `the version ${args.service} would roll back to`, value: target ?? 'none' } };
    },
    async run(args, context) {
      const started = await context.backends.deploys.rollback({ service: args.service, environment: args.environment, toVersion: args.version, requestedBy: context.actor });
      return followDeploy(context.backends.deploys, started, context);
    },
  });
}

async function previousGood(deploys: DeploysPort, service: string, environment: string, current: string | null): Promise<string | null> {
  const history = await deploys.history(service, environment, 50);
  return history.find((deploy) => deploy.state === 'succeeded' && deploy.version !== current)?.version ?? null;
}

const POLL_MS = 250;
const FOLLOW_LIMIT_MS = 10 * 60_000;

/** Waits for a started deploy to finish, reporting progress; a failed deploy becomes a readable failure. */
async function followDeploy(deploys: DeploysPort, started: DeployRecord, context: ToolContext) {
  let record = started;
  let reported = -1;
  const deadline = Date.now() + FOLLOW_LIMIT_MS;
  while (record.state === 'in_progress' && Date.now() < deadline) {
    const percent = Math.floor(record.progress * 4) * 25;
    if (percent !== reported) {
      context.progress?.(`${record.kind} ${record.service} ${record.version} to ${record.environment}: ${percent}%`);
      reported = percent;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    record = (await deploys.get(record.id)) ?? record;
  }
  if (record.state === 'failed') throw new ToolFailure(`${record.kind} of ${record.service} ${record.version} to ${record.environment} failed: ${record.message}. ${record.previousVersion ?? 'The previous version'} is still running.`, { deploy: record });
  if (record.state === 'in_progress') return { text: `${record.kind} ${record.id} of ${record.service} ${record.version} is still in progress; check deploy_history.`, data: { deploy: record } };
  return { text: `${record.kind === 'rollback' ? 'Rolled back' : 'Deployed'} ${record.service} ${record.previousVersion ?? 'none'} → ${record.version} in ${record.environment}.`, data: { deploy: record } };
}

export function formatDeploy(deploy: DeployRecord): string {
  const progress = deploy.state === 'in_progress' ? ` ${Math.round(deploy.progress * 100)}%` : '';
  return `${deploy.startedAt} ${deploy.kind} ${deploy.service} ${deploy.environment} ${deploy.previousVersion ?? '—'} → ${deploy.version} ${deploy.state}${progress} by ${deploy.requestedBy}${deploy.message ? ` (${deploy.message})` : ''}`;
}
