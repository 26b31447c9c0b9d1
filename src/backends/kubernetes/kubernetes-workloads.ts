import { PatchStrategy, setHeaderOptions, type V1Deployment, type V1Pod, type V1ReplicaSet } from '@kubernetes/client-node';
import type { Config, Service } from '../../config/schema.js';
import { ToolFailure } from '../../errors.js';
import type { PodChange, PodLogs, PodSummary, PreviousRevision, Workload, WorkloadChange, WorkloadEvent, WorkloadsPort } from '../ports/workloads.js';
import { deploymentOf, namespaceFor, workloadService } from '../workload-names.js';
import { type EnvironmentClient, kubernetesCall } from './kubernetes-client.js';
import { isoOf, podSummary, workloadOf } from './object-views.js';
import { watchPods } from './pod-watch.js';

const REVISION = 'deployment.kubernetes.io/revision';
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/**
 * Workloads on Kubernetes. Every request names one of the configured namespaces (a path is built only from
 * `namespaceFor`); it reads pods, pods/log, events, Deployments and ReplicaSets and patches Deployments and
 * deployments/scale — nothing else (no Secrets, ConfigMaps, exec, port-forward or delete).
 */
export class KubernetesWorkloads implements WorkloadsPort {
  constructor(
    private readonly config: Config,
    private readonly clients: Map<string, EnvironmentClient>,
  ) {}

  namespaces(): Record<string, string> {
    return Object.fromEntries([...this.clients.values()].map((client) => [client.environment, client.namespace]));
  }

  async pods(environment: string, service?: string): Promise<PodSummary[]> {
    const client = this.client(environment);
    if (service) {
      const entry = workloadService(this.config, service);
      const deployment = await this.readDeployment(client, entry);
      const pods = await this.podsOf(client, deployment);
      return pods.map((pod) => podSummary(pod, environment, entry.name));
    }
    const list = await kubernetesCall(`listing pods in ${client.namespace}`, () => client.core.listNamespacedPod({ namespace: client.namespace }));
    return list.items.map((pod) => podSummary(pod, environment, this.serviceOwning(pod)));
  }

  async workload(service: string, environment: string): Promise<Workload> {
    const entry = workloadService(this.config, service);
    return workloadOf(await this.readDeployment(this.client(environment), entry), entry.name, environment, entry.kubernetes?.container);
  }

  async events(service: string, environment: string, limit: number): Promise<WorkloadEvent[]> {
    const client = this.client(environment);
    const entry = workloadService(this.config, service);
    const deployment = await this.readDeployment(client, entry);
    const [pods, list] = await Promise.all([
      this.podsOf(client, deployment),
      kubernetesCall(`listing events in ${client.namespace}`, () => client.core.listNamespacedEvent({ namespace: client.namespace })),
    ]);
    const names = new Set([`Deployment/${deploymentOf(entry)}`, ...pods.map((pod) => `Pod/${pod.metadata?.name}`)]);
    return list.items
      .map((event) => ({
        at: isoOf(event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? null),
        type: event.type ?? 'Normal',
        reason: event.reason ?? '',
        object: `${event.involvedObject.kind}/${event.involvedObject.name}`,
        message: event.message ?? '',
        count: event.count ?? 1,
      }))
      .filter((event) => names.has(event.object) || event.object.startsWith(`ReplicaSet/${deploymentOf(entry)}-`))
      .sort((left, right) => (left.at ?? '').localeCompare(right.at ?? ''))
      .slice(-limit);
  }

  async logs(request: { service: string; environment: string; pod?: string; tailLines: number; previous: boolean }): Promise<PodLogs> {
    const client = this.client(request.environment);
    const entry = workloadService(this.config, request.service);
    const pods = (await this.podsOf(client, await this.readDeployment(client, entry))).map((pod) => podSummary(pod, request.environment, entry.name));
    const pod = request.pod ? pods.find((candidate) => candidate.name === request.pod) : (pods.find((candidate) => candidate.status !== 'Running') ?? pods[0]);
    if (!pod) throw new ToolFailure(request.pod ? `${request.pod} is not a pod of ${entry.name} in ${request.environment}` : `${entry.name} has no pods in ${request.environment}`);
    const container = entry.kubernetes?.container ?? pod.container;
    const text = await kubernetesCall(`reading the log of ${pod.name}`, () =>
      client.core.readNamespacedPodLog({ name: pod.name, namespace: client.namespace, container, tailLines: request.tailLines, previous: request.previous }),
    );
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return { pod: pod.name, container, previous: request.previous, lines: lines.slice(-request.tailLines) };
  }

  async previousRevision(service: string, environment: string): Promise<PreviousRevision | null> {
    const client = this.client(environment);
    const entry = workloadService(this.config, service);
    const previous = await this.previousReplicaSet(client, await this.readDeployment(client, entry));
    if (!previous) return null;
    const containers = previous.spec?.template?.spec?.containers ?? [];
    const container = containers.find((candidate) => candidate.name === entry.kubernetes?.container) ?? containers[0];
    return { revision: previous.metadata?.annotations?.[REVISION] ?? '?', image: container?.image ?? null };
  }

  async scale(change: WorkloadChange & { replicas: number }): Promise<Workload> {
    const { client, entry } = this.target(change);
    // The scale subresource carries no generation to test in the patch, so it is read just before; what the card
    // showed was already re-read at approval, so this only narrows the window further.
    const current = await this.readDeployment(client, entry);
    if (current.metadata?.generation !== change.expectedGeneration) throw changedSince(entry, current.metadata?.generation, change.expectedGeneration);
    // As `kubectl scale` does: a merge patch of the scale subresource.
    await kubernetesCall(`scaling ${deploymentOf(entry)}`, () =>
      client.apps.patchNamespacedDeploymentScale({ name: deploymentOf(entry), namespace: client.namespace, body: { spec: { replicas: change.replicas } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
    );
    return this.workload(change.service, change.environment);
  }

  async restart(change: WorkloadChange & { at: string }): Promise<Workload> {
    const { client, entry } = this.target(change);
    const deployment = await this.readDeployment(client, entry);
    const annotations = { ...(deployment.spec?.template.metadata?.annotations ?? {}), [RESTARTED_AT]: change.at };
    return this.patch(change, entry, [{ op: 'add', path: '/spec/template/metadata/annotations', value: annotations }], 'restarting');
  }

  async undo(change: WorkloadChange): Promise<Workload> {
    const { client, entry } = this.target(change);
    const previous = await this.previousReplicaSet(client, await this.readDeployment(client, entry));
    if (!previous?.spec?.template) throw new ToolFailure(`${deploymentOf(entry)} in ${change.environment} has no earlier revision to roll back to.`);
    // The ReplicaSet's template without the hash label the controller added, as `kubectl rollout undo` restores it.
    const template = structuredClone(previous.spec.template);
    delete template.metadata?.labels?.['pod-template-hash'];
    return this.patch(change, entry, [{ op: 'replace', path: '/spec/template', value: template }], 'rolling back');
  }

  async setImage(change: WorkloadChange & { image: string }): Promise<Workload> {
    const { client, entry } = this.target(change);
    const deployment = await this.readDeployment(client, entry);
    const containers = deployment.spec?.template.spec?.containers ?? [];
    const index = Math.max(0, containers.findIndex((container) => container.name === entry.kubernetes?.container));
    if (!containers[index]) throw new ToolFailure(`${deploymentOf(entry)} has no containers.`);
    return this.patch(change, entry, [{ op: 'replace', path: `/spec/template/spec/containers/${index}/image`, value: change.image }], 'setting the image of');
  }

  watchPods(environment: string, onChange: (change: PodChange) => void, signal: AbortSignal): Promise<void> {
    return watchPods(this.client(environment), (pod, type) => onChange({ type, pod: podSummary(pod, environment, this.serviceOwning(pod)) }), signal);
  }

  /** A JSON patch that first tests the generation the card showed, so a change made in between is refused by the API server itself. */
  private async patch(change: WorkloadChange, entry: Service, operations: object[], what: string): Promise<Workload> {
    const client = this.client(change.environment);
    const body = [{ op: 'test', path: '/metadata/generation', value: change.expectedGeneration }, ...operations];
    const patched = await kubernetesCall(`${what} ${deploymentOf(entry)}`, () =>
      client.apps.patchNamespacedDeployment({ name: deploymentOf(entry), namespace: client.namespace, body }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch)),
    );
    return workloadOf(patched, entry.name, change.environment, entry.kubernetes?.container);
  }

  private target(change: WorkloadChange): { client: EnvironmentClient; entry: Service } {
    return { client: this.client(change.environment), entry: workloadService(this.config, change.service) };
  }

  private client(environment: string): EnvironmentClient {
    namespaceFor(this.namespaces(), environment);
    return this.clients.get(environment)!;
  }

  private readDeployment(client: EnvironmentClient, entry: Service): Promise<V1Deployment> {
    return kubernetesCall(`reading deployment ${deploymentOf(entry)} in ${client.namespace}`, () => client.apps.readNamespacedDeployment({ name: deploymentOf(entry), namespace: client.namespace }));
  }

  private async podsOf(client: EnvironmentClient, deployment: V1Deployment): Promise<V1Pod[]> {
    const list = await kubernetesCall(`listing pods of ${deployment.metadata?.name}`, () => client.core.listNamespacedPod({ namespace: client.namespace, labelSelector: selectorOf(deployment) }));
    return list.items;
  }

  /** The ReplicaSet of the highest revision below the Deployment's own: what `rollout undo` returns to. */
  private async previousReplicaSet(client: EnvironmentClient, deployment: V1Deployment): Promise<V1ReplicaSet | null> {
    const list = await kubernetesCall(`listing replicasets of ${deployment.metadata?.name}`, () => client.apps.listNamespacedReplicaSet({ namespace: client.namespace, labelSelector: selectorOf(deployment) }));
    const current = Number(deployment.metadata?.annotations?.[REVISION] ?? 0);
    const owned = list.items.filter((set) => set.metadata?.ownerReferences?.some((owner) => owner.kind === 'Deployment' && owner.uid === deployment.metadata?.uid));
    const earlier = owned.filter((set) => Number(set.metadata?.annotations?.[REVISION] ?? 0) < current);
    earlier.sort((left, right) => Number(right.metadata?.annotations?.[REVISION]) - Number(left.metadata?.annotations?.[REVISION]));
    return earlier[0] ?? null;
  }

  /** The configured service whose Deployment owns a pod (through its ReplicaSet `DEPLOYMENT-HASH`). */
  private serviceOwning(pod: V1Pod): string | null {
    const owner = pod.metadata?.ownerReferences?.find((reference) => reference.kind === 'ReplicaSet')?.name;
    if (!owner) return null;
    const deployment = owner.replace(/-[a-z0-9]+$/, '');
    return this.config.services.find((service) => deploymentOf(service) === deployment)?.name ?? null;
  }
}

function changedSince(entry: Service, now: number | undefined, expected: number): ToolFailure {
  return new ToolFailure(`the Deployment ${deploymentOf(entry)} changed since this was proposed (generation ${now ?? '?'}, not ${expected})`);
}

function selectorOf(deployment: V1Deployment): string {
  const labels = deployment.spec?.selector.matchLabels ?? {};
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`).join(',');
}
