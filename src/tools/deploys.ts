import { z } from 'zod';
import type { DeployRecord, DeploysPort } from '../backends/ports.js';
import { ToolFailure } from '../errors.js';
import { defineTool, type ToolContext } from './define-tool.js';
import { type Catalog, versionSchema } from './catalog.js';

/** `deploy_history`: recent deploys and rollbacks of a service. */
export function deployHistoryTool(catalog: Catalog) {
  return defineTool({
    name: 'deploy_history',
    commands: [
      { command: 'deploy', usage: 'deploy list [SERVICE] [ENVIRONMENT]', summary: 'recent deploys and rollbacks, of every service when none is named', words: ['list', 'history'], roles: { service: 'service', environment: 'environment' } },
    ],
    title: 'Deploy history',
    description: 'Recent deploys and rollbacks of a service (without service: of every service, newest first): version, state, who, when.',
    input: z.object({
      service: catalog.service.optional(),
      environment: catalog.environment.optional(),
      limit: z.number().int().min(1).max(50).default(5),
    }),
    effect: 'read',
    permission: { verb: 'read', scopes: ['deploys'], scopeOf: () => 'deploys' },
    describe: (args) => `show deploy history of ${args.service ?? 'every service'}`,
    async run(args, { backends, config }) {
      const services = args.service ? [args.service] : config.services.map((service) => service.name);
      const each = await Promise.all(services.map((service) => backends.deploys.history(service, args.environment, args.limit)));
      // Newest first across services; ISO timestamps sort as text.
      const deploys = each.flat().sort((left, right) => right.startedAt.localeCompare(left.startedAt)).slice(0, args.limit);
      const text = deploys.length ? deploys.map(formatDeploy).join('\n') : `No deploys recorded for ${args.service ?? 'any service'}.`;
      return { text, data: { deploys } };
    },
  });
}

/** `deploy`: ship a version of a service to an environment (mutation). */
export function deployTool(catalog: Catalog) {
  return defineTool({
    name: 'deploy',
    commands: [
      { command: 'deploy', usage: 'deploy SERVICE VERSION [to] ENVIRONMENT', summary: 'propose a deploy, arguments in any order; a person with the right role confirms it', roles: { service: 'service', version: 'version', environment: 'environment' } },
    ],
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
      const version = inBackendStyle(args.version, current.version);
      if (current.version === version) throw new ToolFailure(`${args.service} ${version} is already running in ${args.environment}`);
      return { current: current.version ?? 'none', proposed: version, ...(current.inProgress ? { inProgress: `${current.inProgress.version} (${Math.round(current.inProgress.progress * 100)}%)` } : {}) };
    },
    async run(args, context) {
      const current = await context.backends.deploys.current(args.service, args.environment);
      const started = await context.backends.deploys.deploy({ ...args, version: inBackendStyle(args.version, current.version), requestedBy: context.actor });
      return followDeploy(context.backends.deploys, started, context);
    },
  });
}

/** `rollback`: return a service to its previous good version, or a named one (mutation). */
export function rollbackTool(catalog: Catalog) {
  return defineTool({
    name: 'rollback',
    commands: [
      { command: 'rollback', usage: 'rollback SERVICE in ENVIRONMENT [to VERSION]', summary: 'propose a rollback to the previous successful version, or to the one named', roles: { service: 'service', environment: 'environment', version: 'version' } },
    ],
    title: 'Roll back a service',
    description: 'Roll a service back in an environment to the previous successful version, or to a named one.',
    input: z.object({ service: catalog.service, environment: catalog.environment, version: versionSchema.optional() }),
    effect: 'mutate',
    destructive: true,
    permission: { verb: 'rollback', scopes: 'environments', scopeOf: (args) => args.environment },
    describe: (args) => `roll back ${args.service} in ${args.environment} to ${args.version ?? 'the previous successful version'}`,
    async preview(args, { backends }) {
      const current = await backends.deploys.current(args.service, args.environment);
      const target = args.version ? inBackendStyle(args.version, current.version) : await previousGood(backends.deploys, args.service, args.environment, current.version);
      if (!target) throw new ToolFailure(`${args.service} has no earlier successful version in ${args.environment} to roll back to`);
      return { current: current.version ?? 'none', proposed: target };
    },
    async run(args, context) {
      const current = args.version ? await context.backends.deploys.current(args.service, args.environment) : undefined;
      const toVersion = args.version ? inBackendStyle(args.version, current?.version ?? null) : undefined;
      const started = await context.backends.deploys.rollback({ service: args.service, environment: args.environment, toVersion, requestedBy: context.actor });
      return followDeploy(context.backends.deploys, started, context);
    },
  });
}

/** `1.8.2` and `v1.8.2` name one version: written the way the backend writes its versions (with a `v` when its current one has it). */
export function inBackendStyle(version: string, backendVersion: string | null): string {
  if (backendVersion?.startsWith('v') && !version.startsWith('v')) return `v${version}`;
  if (backendVersion && /^\d/.test(backendVersion) && version.startsWith('v')) return version.slice(1);
  return version;
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
