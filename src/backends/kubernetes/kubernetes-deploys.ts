import type { Config } from '../../config/schema.js';
import { ToolFailure } from '../../errors.js';
import type { DeployRecord, DeployRequest, DeploysPort, RollbackRequest } from '../ports/deploys.js';
import type { Workload, WorkloadsPort } from '../ports/workloads.js';
import { workloadService } from '../workload-names.js';

// A Docker image tag: what a version must be to become `IMAGE:VERSION`.
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
// Past the Deployment's own progress deadline, a controller that still reports nothing leaves the outcome unknown.
const DEADLINE_GRACE_SECONDS = 60;

/**
 * Deploys as image tags of a service's Deployment (`services[].kubernetes.image`). A deploy patches the
 * container's image; its record follows the rollout: `3/5 updated` until complete, failed
 * (ProgressDeadlineExceeded), or unknown when the Deployment is changed again or stops reporting.
 */
export class KubernetesDeploys implements DeploysPort {
  readonly pollSchedule: { initialMs: number; maxMs: number };

  constructor(
    private readonly config: Config,
    private readonly workloads: WorkloadsPort,
    private readonly now: () => Date,
    pollSchedule = { initialMs: 1_000, maxMs: 5_000 },
  ) {
    this.pollSchedule = pollSchedule;
  }

  async current(service: string, environment: string): Promise<{ version: string | null; inProgress: DeployRecord | null }> {
    const workload = await this.workloads.workload(service, environment);
    const inProgress = workload.rollout === 'progressing' ? recordOf(workload, { kind: 'deploy', previousVersion: null, requestedBy: 'kubernetes', startedAt: this.now().toISOString() }, this.now()) : null;
    return { version: tagOf(workload.image), inProgress };
  }

  async history(service: string, environment: string | undefined, limit: number): Promise<DeployRecord[]> {
    const environments = environment ? [environment] : Object.keys(this.workloads.namespaces());
    const records = await Promise.all(
      environments.map(async (name) => {
        const [workload, previous] = await Promise.all([this.workloads.workload(service, name), this.workloads.previousRevision(service, name)]);
        return [recordOf(workload, { kind: 'deploy', previousVersion: tagOf(previous?.image ?? null), requestedBy: 'kubernetes', startedAt: this.now().toISOString() }, this.now())];
      }),
    );
    return records.flat().slice(0, limit);
  }

  async get(id: string): Promise<DeployRecord | null> {
    const parsed = parseId(id);
    if (!parsed) return null;
    const workload = await this.workloads.workload(parsed.service, parsed.environment);
    return recordOf(workload, parsed, this.now());
  }

  async preflight(request: { service: string; environment: string; version: string }): Promise<{ version: string; resolved: string }> {
    const image = imageOf(this.config, request.service);
    if (!TAG.test(request.version)) throw new ToolFailure(`"${request.version}" is not an image tag.`);
    const workload = await this.workloads.workload(request.service, request.environment);
    if (workload.rollout === 'progressing') throw new ToolFailure(`${request.service} is still rolling out in ${request.environment} (${progressOf(workload)}). Wait for it to finish.`);
    return { version: request.version, resolved: `${image}:${request.version}` };
  }

  async deploy(request: DeployRequest): Promise<DeployRecord> {
    await this.preflight(request);
    return this.change(request, 'deploy', `${imageOf(this.config, request.service)}:${request.version}`);
  }

  async rollback(request: RollbackRequest): Promise<DeployRecord> {
    if (request.toVersion) return this.change(request, 'rollback', `${imageOf(this.config, request.service)}:${request.toVersion}`);
    return this.change(request, 'rollback', null);
  }

  /** Sets the image (or undoes to the previous revision when `image` is null) against the generation just read. */
  private async change(request: Omit<DeployRequest, 'version'>, kind: DeployRecord['kind'], image: string | null): Promise<DeployRecord> {
    const before = await this.workloads.workload(request.service, request.environment);
    const change = { service: request.service, environment: request.environment, expectedGeneration: before.generation };
    const after = image ? await this.workloads.setImage({ ...change, image }) : await this.workloads.undo(change);
    return recordOf(after, { kind, previousVersion: tagOf(before.image), requestedBy: request.requestedBy, startedAt: this.now().toISOString(), approvedBy: request.approvedBy ?? null }, this.now());
  }
}

interface RecordFacts {
  kind: DeployRecord['kind'];
  previousVersion: string | null;
  requestedBy: string;
  startedAt: string;
  approvedBy?: string | null;
  /** The generation the change produced; a later one means someone changed the Deployment again. */
  generation?: number;
}

function recordOf(workload: Workload, facts: RecordFacts, now: Date): DeployRecord {
  const generation = facts.generation ?? workload.generation;
  const elapsedSeconds = (now.getTime() - Date.parse(facts.startedAt)) / 1000;
  let state: DeployRecord['state'] = workload.rollout === 'complete' ? 'succeeded' : workload.rollout === 'failed' ? 'failed' : 'in_progress';
  let message = workload.rollout === 'failed' ? progressingCondition(workload) : progressOf(workload);
  if (workload.generation > generation) {
    state = 'unknown';
    message = `the Deployment was changed again (generation ${workload.generation}) before this rollout finished`;
  } else if (state === 'in_progress' && elapsedSeconds > workload.progressDeadlineSeconds + DEADLINE_GRACE_SECONDS) {
    state = 'unknown';
    message = `no outcome reported ${Math.round(elapsedSeconds)} s after it started (${progressOf(workload)})`;
  }
  const id = `k8s:${workload.environment}:${workload.service}:${generation}:${Date.parse(facts.startedAt)}:${facts.kind}:${facts.previousVersion ?? ''}:${facts.requestedBy}`;
  return {
    id,
    kind: facts.kind,
    service: workload.service,
    environment: workload.environment,
    version: tagOf(workload.image) ?? 'none',
    previousVersion: facts.previousVersion,
    state,
    progress: workload.replicas.desired ? Math.min(1, workload.replicas.updated / workload.replicas.desired) : 1,
    progressText: progressOf(workload),
    requestedBy: facts.requestedBy,
    startedAt: facts.startedAt,
    finishedAt: state === 'in_progress' ? null : now.toISOString(),
    message,
    approvedBy: facts.approvedBy ?? null,
  };
}

function parseId(id: string): (RecordFacts & { service: string; environment: string }) | null {
  const match = /^k8s:([a-z][a-z0-9-]*):([a-z][a-z0-9-]*):(\d+):(\d+):(deploy|rollback):([^:]*):(.+)$/.exec(id);
  if (!match) return null;
  const [, environment, service, generation, startedMs, kind, previous, requestedBy] = match;
  return { environment: environment!, service: service!, generation: Number(generation), startedAt: new Date(Number(startedMs)).toISOString(), kind: kind as DeployRecord['kind'], previousVersion: previous || null, requestedBy: requestedBy! };
}

function progressOf(workload: Workload): string {
  return `${workload.replicas.updated}/${workload.replicas.desired} updated, ${workload.replicas.available} available`;
}

function progressingCondition(workload: Workload): string {
  const condition = workload.conditions.find((entry) => entry.type === 'Progressing');
  return condition ? `${condition.reason ?? 'Progressing=False'}: ${condition.message ?? ''}`.trim() : 'the rollout failed';
}

/** The tag of `registry/name:tag` (a digest or a bare name has none). */
export function tagOf(image: string | null): string | null {
  const match = image ? /:([A-Za-z0-9_][A-Za-z0-9_.-]*)$/.exec(image.slice(image.lastIndexOf('/') + 1)) : null;
  return match ? match[1]! : null;
}

function imageOf(config: Config, service: string): string {
  const image = workloadService(config, service).kubernetes?.image;
  if (!image) throw new ToolFailure(`${service} has no kubernetes.image in the config, so opsbot does not know which image to deploy.`);
  return image;
}
