import { z } from 'zod';
import type { DeployRecord, DeploysPort } from '../backends/ports/deploys.js';
import { ToolFailure } from '../errors.js';
import { defineTool } from './define-tool.js';
import { type Catalog, VERSION_PATTERN } from './catalog.js';
import { followDeploy } from './deploy-follow.js';
import { refuseIfLocked } from './deploy-locks.js';
import { withDeployClaim } from './deploy-claim.js';

/** `deploy_history`: recent deploys and rollbacks of a service. */
export function deployHistoryTool(catalog: Catalog) {
  return defineTool({
    name: 'deploy_history',
    group: 'deploys',
    commands: [
      { command: 'deploy', usage: 'deploy list [SERVICE] [ENVIRONMENT]', summary: 'recent deploys and rollbacks, of every service when none is named', words: ['list', 'history'], roles: { service: 'service', environment: 'environment' } },
    ],
    title: 'Deploy history',
    description: 'Recent deploys and rollbacks of a service (or all): version, state, who, when.',
    input: z.object({
      service: catalog.service.optional(),
      environment: catalog.environment.optional(),
      limit: z.number().int().min(1).max(50).default(5),
    }),
    effect: 'read',
    openWorld: true,
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

/** A version, tag, branch or commit SHA: what the deploy system resolves (and refuses when it names nothing). */
// A refinement, not a JSON Schema pattern: the model needs no regex to pass a version, and every byte of the
// tool catalog is repeated in each request.
const refSchema = z.string().refine((ref) => /^(?!.*\.\.)[A-Za-z0-9][\w./+-]{0,99}$/.test(ref), 'must be a version, tag, branch or SHA');

/** `deploy`: ship a version of a service to an environment (mutation); `force` (`deploy!`) skips checks and locks. */
export function deployTool(catalog: Catalog) {
  return defineTool({
    name: 'deploy',
    group: 'deploys',
    commands: [
      { command: 'deploy', usage: 'deploy SERVICE VERSION [to] ENVIRONMENT', summary: 'propose a deploy, arguments in any order (deploy! forces); a person with the right role confirms it', roles: { service: 'service', version: 'version', environment: 'environment' } },
    ],
    title: 'Deploy a version',
    description: 'Deploy a tag, branch or SHA of a service; force only for deploy!.',
    input: z.object({ service: catalog.service, environment: catalog.environment, version: refSchema, force: z.boolean().optional() }),
    effect: 'mutate',
    openWorld: true,
    destructive: true,
    // Each call proposes a new action, and a deploy of the running version is still a restart.
    idempotent: false,
    permission: { verb: 'deploy', scopes: 'environments', scopeOf: (args) => args.environment, extra: { permissions: ['deploy:force'], of: (args) => (args.force ? ['deploy:force'] : []) } },
    describe: (args) => `${args.force ? 'force-deploy' : 'deploy'} ${args.service} ${args.version} to ${args.environment}`,
    async preview(args, { backends }) {
      const forced = args.force === true;
      const lock = await refuseIfLocked(backends.locks, args.service, args.environment, forced);
      const current = await backends.deploys.current(args.service, args.environment);
      // `1.8.2` names the backend's `v1.8.2`: refs are resolved, checked and shown the way the backend writes them.
      const version = inBackendStyle(args.version, current.version);
      // An unknown ref (or a deploy already running) is refused here, before anyone is asked to confirm.
      const planned = await backends.deploys.preflight({ ...args, version });
      if (current.version === planned.version) throw new ToolFailure(`${args.service} ${planned.version} is already running in ${args.environment}`);
      return {
        current: current.version ?? 'none',
        proposed: planned.version,
        resolved: planned.resolved,
        ...(forced ? { forced: `yes: required checks${lock ? ` and the lock ${lock}` : ''} skipped` } : {}),
      };
    },
    // What the card showed must still hold at approval (the gateway re-reads these): the version it replaces,
    // and the commit the ref resolved to (a tag or branch moved since is a different deploy).
    async preconditions(args, { backends }) {
      const current = await backends.deploys.current(args.service, args.environment);
      const planned = await backends.deploys.preflight({ ...args, version: inBackendStyle(args.version, current.version) });
      return {
        current: { label: `${args.service} in ${args.environment}`, value: current.version ?? 'none' },
        ...(planned.resolved ? { resolved: { label: `${args.version}`, value: planned.resolved } } : {}),
      };
    },
    async run(args, context) {
      const { backends } = context;
      const forced = args.force === true;
      // A lock taken since the card was shown refuses the run (a moved ref or version is a precondition).
      await refuseIfLocked(backends.locks, args.service, args.environment, forced);
      return withDeployClaim(context, args.service, args.environment, async () => {
        const current = await backends.deploys.current(args.service, args.environment);
        const version = inBackendStyle(args.version, current.version);
        const started = await backends.deploys.deploy({ ...args, version, force: forced, requestedBy: context.actor, approvedBy: context.approvedBy ?? null, actionId: context.actionId, origin: context.origin });
        return followDeploy(backends.deploys, started, context);
      });
    },
  });
}

/** `rollback`: return a service to its previous good version, or a named one (mutation). */
export function rollbackTool(catalog: Catalog) {
  return defineTool({
    name: 'rollback',
    group: 'deploys',
    commands: [
      { command: 'rollback', usage: 'rollback SERVICE in ENVIRONMENT [to VERSION]', summary: 'propose a rollback to the previous successful version, or to the one named', roles: { service: 'service', environment: 'environment', version: 'version' } },
    ],
    title: 'Roll back a service',
    description: 'Roll back to the previous good version, or a named one.',
    input: z.object({ service: catalog.service, environment: catalog.environment, version: refSchema.optional() }),
    effect: 'mutate',
    openWorld: true,
    destructive: true,
    permission: { verb: 'rollback', scopes: 'environments', scopeOf: (args) => args.environment },
    describe: (args) => `roll back ${args.service} in ${args.environment} to ${args.version ?? 'the previous successful version'}`,
    async preview(args, { backends }) {
      await refuseIfLocked(backends.locks, args.service, args.environment, false);
      const current = await backends.deploys.current(args.service, args.environment);
      if (current.inProgress) throw new ToolFailure(`${args.service} already has a ${current.inProgress.kind} in progress in ${args.environment} (${current.inProgress.id}${current.inProgress.url ? `, ${current.inProgress.url}` : ''}). Wait for it to finish.`);
      const target = args.version ? inBackendStyle(args.version, current.version) : await previousGood(backends.deploys, args.service, args.environment, current.version);
      if (!target) throw new ToolFailure(`${args.service} has no earlier successful version in ${args.environment} to roll back to`);
      // The card shows current → proposed as the change.
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
      await refuseIfLocked(context.backends.locks, args.service, args.environment, false);
      return withDeployClaim(context, args.service, args.environment, async () => {
        const current = args.version ? await context.backends.deploys.current(args.service, args.environment) : undefined;
        const started = await context.backends.deploys.rollback({
          service: args.service,
          environment: args.environment,
          toVersion: args.version ? inBackendStyle(args.version, current?.version ?? null) : context.approvedPreview?.proposed,
          requestedBy: context.actor,
          approvedBy: context.approvedBy ?? null,
          actionId: context.actionId,
          origin: context.origin,
        });
        return followDeploy(context.backends.deploys, started, context);
      });
    },
  });
}

/** `1.8.2` and `v1.8.2` name one version: written the way the backend writes its versions (with a `v` when its current one has it). */
export function inBackendStyle(version: string, backendVersion: string | null): string {
  // Only version labels: a branch or SHA is passed as typed.
  if (!VERSION_PATTERN.test(version) || !backendVersion || !VERSION_PATTERN.test(backendVersion)) return version;
  if (backendVersion?.startsWith('v') && !version.startsWith('v')) return `v${version}`;
  if (backendVersion && /^\d/.test(backendVersion) && version.startsWith('v')) return version.slice(1);
  return version;
}

async function previousGood(deploys: DeploysPort, service: string, environment: string, current: string | null): Promise<string | null> {
  const history = await deploys.history(service, environment, 50);
  return history.find((deploy) => deploy.state === 'succeeded' && deploy.version !== current)?.version ?? null;
}

export function formatDeploy(deploy: DeployRecord): string {
  const progress = deploy.state === 'in_progress' ? ` ${Math.round(deploy.progress * 100)}%` : '';
  const approved = deploy.approvedBy ? `, approved by ${deploy.approvedBy}` : '';
  return `${deploy.startedAt} ${deploy.kind} ${deploy.service} ${deploy.environment} ${deploy.previousVersion ?? '—'} → ${deploy.version} ${deploy.state}${progress}${deploy.forced ? ' forced' : ''} by ${deploy.requestedBy}${approved}${deploy.message ? ` (${deploy.message})` : ''}`;
}
