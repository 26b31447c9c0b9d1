import { ToolFailure } from '../../errors.js';
import type { PodChange, PodLogs, PodSummary, PreviousRevision, Workload, WorkloadChange, WorkloadEvent, WorkloadsPort } from '../ports/workloads.js';
import { namespaceFor, workloadService } from '../workload-names.js';
import type { DemoContext } from './demo-context.js';
import { type DemoDeployment, currentRevision, demoEvents, demoLogLines, seedDeployment, viewPods, viewWorkload } from './workload-seed.js';

const NAMESPACE = 'demo-workloads';
const WATCH_POLL_MS = 500;

/** The simulated fleet's Deployments and pods, persisted in the store; the namespace of each environment is its name. */
export class DemoWorkloads implements WorkloadsPort {
  constructor(private readonly context: DemoContext) {}

  namespaces(): Record<string, string> {
    return Object.fromEntries(this.context.config.environments.map((environment) => [environment, environment]));
  }

  async pods(environment: string, service?: string): Promise<PodSummary[]> {
    namespaceFor(this.namespaces(), environment);
    const services = service ? [workloadService(this.context.config, service)] : this.context.config.services;
    const each = await Promise.all(services.map(async (entry) => viewPods(entry, environment, await this.deployment(entry.name, environment))));
    return each.flat();
  }

  async workload(service: string, environment: string): Promise<Workload> {
    namespaceFor(this.namespaces(), environment);
    return viewWorkload(workloadService(this.context.config, service), environment, await this.deployment(service, environment));
  }

  async events(service: string, environment: string, limit: number): Promise<WorkloadEvent[]> {
    namespaceFor(this.namespaces(), environment);
    return demoEvents(workloadService(this.context.config, service), environment, await this.deployment(service, environment)).slice(-limit);
  }

  async logs(request: { service: string; environment: string; pod?: string; tailLines: number; previous: boolean }): Promise<PodLogs> {
    const pods = await this.pods(request.environment, request.service);
    const pod = request.pod ? pods.find((entry) => entry.name === request.pod) : (pods.find((entry) => entry.status !== 'Running') ?? pods[0]);
    if (!pod) throw new ToolFailure(request.pod ? `pods "${request.pod}" not found in ${request.environment}` : `${request.service} has no pods in ${request.environment}`);
    if (request.previous && !pod.lastTermination) throw new ToolFailure(`previous terminated container "${pod.container}" in pod "${pod.name}" not found`);
    return { pod: pod.name, container: pod.container, previous: request.previous, lines: demoLogLines(pod, request.previous, request.tailLines) };
  }

  async previousRevision(service: string, environment: string): Promise<PreviousRevision | null> {
    const deployment = await this.deployment(service, environment);
    const previous = deployment.revisions[deployment.revisions.length - 2];
    return previous ? { revision: String(previous.revision), image: previous.image } : null;
  }

  scale(change: WorkloadChange & { replicas: number }): Promise<Workload> {
    return this.change(change, (deployment) => ({ ...deployment, replicas: change.replicas }), `Scaled to ${change.replicas} replicas`);
  }

  restart(change: WorkloadChange & { at: string }): Promise<Workload> {
    return this.change(change, (deployment) => newRevision(deployment, { ...currentRevision(deployment), restartedAt: change.at }), 'Rollout restart');
  }

  undo(change: WorkloadChange): Promise<Workload> {
    return this.change(
      change,
      (deployment) => {
        const previous = deployment.revisions[deployment.revisions.length - 2];
        if (!previous) throw new ToolFailure(`no rollout history found for deployment "${change.service}"`);
        // As Kubernetes does, the old template becomes the newest revision.
        return { ...deployment, revisions: [...deployment.revisions.filter((entry) => entry !== previous), { ...previous, revision: currentRevision(deployment).revision + 1 }] };
      },
      'Rolled back',
    );
  }

  setImage(change: WorkloadChange & { image: string }): Promise<Workload> {
    return this.change(change, (deployment) => newRevision(deployment, { ...currentRevision(deployment), image: change.image, restartedAt: null }), `Image set to ${change.image}`);
  }

  async watchPods(environment: string, onChange: (change: PodChange) => void, signal: AbortSignal): Promise<void> {
    let known = new Map<string, string>();
    while (!signal.aborted) {
      const pods = await this.pods(environment);
      const seen = new Map(pods.map((pod) => [pod.name, JSON.stringify(pod)]));
      for (const pod of pods) if (known.get(pod.name) !== seen.get(pod.name)) onChange({ type: known.has(pod.name) ? 'MODIFIED' : 'ADDED', pod });
      known = seen;
      await new Promise((resolve) => setTimeout(resolve, WATCH_POLL_MS));
    }
  }

  private async change(change: WorkloadChange, apply: (deployment: DemoDeployment) => DemoDeployment, what: string): Promise<Workload> {
    const service = workloadService(this.context.config, change.service);
    namespaceFor(this.namespaces(), change.environment);
    const at = this.context.now().toISOString();
    const stored = await this.context.kv.update<DemoDeployment>(NAMESPACE, keyOf(service.name, change.environment), () => this.seed(service.name, change.environment), (deployment) => {
      if (deployment.generation !== change.expectedGeneration) {
        throw new ToolFailure(`the Deployment ${service.name} changed since this was proposed (generation ${deployment.generation}, not ${change.expectedGeneration})`);
      }
      const next = apply(deployment);
      const event: WorkloadEvent = { at, type: 'Normal', reason: 'ScalingReplicaSet', object: `Deployment/${service.name}`, message: what, count: 1 };
      return { ...next, generation: deployment.generation + 1, changedAt: at, events: [...deployment.events, event].slice(-10) };
    });
    return viewWorkload(service, change.environment, stored);
  }

  private async deployment(service: string, environment: string): Promise<DemoDeployment> {
    const name = workloadService(this.context.config, service).name;
    const stored = await this.context.kv.get<DemoDeployment>(NAMESPACE, keyOf(name, environment));
    if (stored) return stored;
    return this.context.kv.update<DemoDeployment>(NAMESPACE, keyOf(name, environment), () => this.seed(name, environment), (deployment) => deployment);
  }

  private seed(service: string, environment: string): DemoDeployment {
    return seedDeployment(this.context.config, workloadService(this.context.config, service), environment, this.context.now());
  }
}

function keyOf(service: string, environment: string): string {
  return `${service}/${environment}`;
}

function newRevision(deployment: DemoDeployment, template: { image: string; restartedAt: string | null }): DemoDeployment {
  return { ...deployment, revisions: [...deployment.revisions, { ...template, revision: currentRevision(deployment).revision + 1 }].slice(-10) };
}
