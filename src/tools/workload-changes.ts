import { z } from 'zod';
import type { WorkloadsPort } from '../backends/ports/workloads.js';
import { ToolFailure } from '../errors.js';
import { defineTool, type ToolContext } from './define-tool.js';
import type { Catalog } from './catalog.js';
import { followRollout } from './rollout-follow.js';
import { replicaLine } from './workload-text.js';

const GROUP = 'kubernetes';

/** The generation the approver saw (from the card), else the one now: every change is made against it. */
async function approvedGeneration(workloads: WorkloadsPort, service: string, environment: string, context: ToolContext): Promise<number> {
  const shown = Number(context.approvedPreview?.generation);
  return Number.isInteger(shown) && shown > 0 ? shown : (await workloads.workload(service, environment)).generation;
}

function generationFact(service: string, environment: string, generation: number) {
  return { label: `the ${service} Deployment in ${environment} (generation)`, value: String(generation) };
}

/** `scale`: set a Deployment's replicas (mutation); the card binds the current replicas and generation. */
export function scaleTool(catalog: Catalog) {
  return defineTool({
    name: 'scale',
    group: GROUP,
    commands: [{ command: 'scale', usage: 'scale SERVICE N [in] ENVIRONMENT', summary: "propose setting a Deployment's replicas", roles: { service: 'service', environment: 'environment' } }],
    title: 'Scale a workload',
    description: 'Set Deployment replicas.',
    input: z.object({ service: catalog.service, environment: catalog.environment, replicas: z.number().int().min(0).max(200) }),
    effect: 'mutate',
    openWorld: true,
    destructive: true,
    idempotent: true,
    permission: { verb: 'scale', scopes: 'environments', scopeOf: (args) => args.environment },
    describe: (args) => `scale ${args.service} in ${args.environment} to ${args.replicas} replicas`,
    async preview(args, { backends }) {
      const workload = await backends.workloads.workload(args.service, args.environment);
      if (workload.replicas.desired === args.replicas) throw new ToolFailure(`${args.service} in ${args.environment} already has ${args.replicas} replicas.`);
      return { current: `${workload.replicas.desired} replicas`, proposed: `${args.replicas} replicas`, deployment: `${workload.deployment} in ${workload.namespace}`, generation: String(workload.generation) };
    },
    async preconditions(args, { backends }) {
      const workload = await backends.workloads.workload(args.service, args.environment);
      return { replicas: { label: `${args.service} replicas in ${args.environment}`, value: String(workload.replicas.desired) }, generation: generationFact(args.service, args.environment, workload.generation) };
    },
    async run(args, context) {
      const workloads = context.backends.workloads;
      const expectedGeneration = await approvedGeneration(workloads, args.service, args.environment, context);
      const before = context.approvedPreview?.current ?? '?';
      const after = await workloads.scale({ service: args.service, environment: args.environment, replicas: args.replicas, expectedGeneration });
      return { text: `Scaled ${args.service} in ${args.environment}: ${before} → ${after.replicas.desired} replicas (${replicaLine(after)}).`, data: { workload: after } };
    },
  });
}

/** `restart`: a rollout restart (new pods, same template otherwise), followed to completion. */
export function restartTool(catalog: Catalog) {
  return defineTool({
    name: 'restart',
    group: GROUP,
    commands: [{ command: 'restart', usage: 'restart SERVICE [in] ENVIRONMENT', summary: "propose a rollout restart of a service's pods", roles: { service: 'service', environment: 'environment' } }],
    title: 'Restart a workload',
    description: 'Rollout restart.',
    input: z.object({ service: catalog.service, environment: catalog.environment }),
    effect: 'mutate',
    openWorld: true,
    destructive: true,
    idempotent: false,
    permission: { verb: 'restart', scopes: 'environments', scopeOf: (args) => args.environment },
    describe: (args) => `rollout restart ${args.service} in ${args.environment}`,
    async preview(args, { backends }) {
      const workload = await backends.workloads.workload(args.service, args.environment);
      return { pods: replicaLine(workload), image: workload.image ?? 'unknown', deployment: `${workload.deployment} in ${workload.namespace}`, generation: String(workload.generation) };
    },
    async preconditions(args, { backends }) {
      const workload = await backends.workloads.workload(args.service, args.environment);
      return { generation: generationFact(args.service, args.environment, workload.generation) };
    },
    async run(args, context) {
      const workloads = context.backends.workloads;
      const expectedGeneration = await approvedGeneration(workloads, args.service, args.environment, context);
      const started = await workloads.restart({ service: args.service, environment: args.environment, expectedGeneration, at: context.now().toISOString() });
      const done = await followRollout(workloads, started, `restart of ${args.service} in ${args.environment}`, context);
      return { text: `Restarted ${args.service} in ${args.environment}: ${replicaLine(done)}.`, data: { workload: done } };
    },
  });
}

/** `rollout_undo`: back to the previous ReplicaSet's pod template; the card shows current → previous image. */
export function rolloutUndoTool(catalog: Catalog) {
  return defineTool({
    name: 'rollout_undo',
    group: GROUP,
    commands: [{ command: 'rollout', usage: 'rollout undo SERVICE [in] ENVIRONMENT', summary: "propose returning a Deployment to its previous revision", words: ['undo'], roles: { service: 'service', environment: 'environment' } }],
    title: 'Undo a rollout',
    description: 'Deployment back to its previous revision.',
    input: z.object({ service: catalog.service, environment: catalog.environment }),
    effect: 'mutate',
    openWorld: true,
    destructive: true,
    idempotent: false,
    permission: { verb: 'rollback', scopes: 'environments', scopeOf: (args) => args.environment },
    describe: (args) => `rollout undo ${args.service} in ${args.environment}`,
    async preview(args, { backends }) {
      const [workload, previous] = await Promise.all([backends.workloads.workload(args.service, args.environment), backends.workloads.previousRevision(args.service, args.environment)]);
      if (!previous) throw new ToolFailure(`${args.service} in ${args.environment} has no earlier revision to roll back to.`);
      return { current: workload.image ?? 'unknown', proposed: previous.image ?? 'unknown', revision: `${workload.revision ?? '?'} → template of ${previous.revision}`, generation: String(workload.generation) };
    },
    async preconditions(args, { backends }) {
      const [workload, previous] = await Promise.all([backends.workloads.workload(args.service, args.environment), backends.workloads.previousRevision(args.service, args.environment)]);
      return { generation: generationFact(args.service, args.environment, workload.generation), previous: { label: `the revision ${args.service} would return to`, value: previous?.image ?? 'none' } };
    },
    async run(args, context) {
      const workloads = context.backends.workloads;
      const expectedGeneration = await approvedGeneration(workloads, args.service, args.environment, context);
      const started = await workloads.undo({ service: args.service, environment: args.environment, expectedGeneration });
      const done = await followRollout(workloads, started, `rollout undo of ${args.service} in ${args.environment}`, context);
      return { text: `Rolled ${args.service} in ${args.environment} back: ${context.approvedPreview?.current ?? '?'} → ${done.image ?? 'unknown'} (${replicaLine(done)}).`, data: { workload: done } };
    },
  });
}
