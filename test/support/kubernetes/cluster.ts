import { createHash } from 'node:crypto';

/** A stored object, as the API server keeps it (kind and apiVersion included). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubeObject = Record<string, any>;

/** How the simulated Deployment controller rolls out a new template. */
/** `frozen`: the controller stops reporting altogether (no progress, no ProgressDeadlineExceeded). */
export type RolloutMode = 'instant' | 'stepwise' | 'stall' | 'frozen';

/** A pod change kept for watches, with the resourceVersion it happened at. */
export interface PodEvent {
  resourceVersion: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

const REVISION = 'deployment.kubernetes.io/revision';

/**
 * The objects of a small cluster and a simplified Deployment controller: a template change makes (or reuses) a
 * ReplicaSet at the next revision and replaces the pods; `stepwise` moves one replica per read of the Deployment,
 * `stall` never gets past one and then reports ProgressDeadlineExceeded, as the real controller does.
 */
export class FakeCluster {
  resourceVersion = 1000;
  rollout: RolloutMode = 'instant';
  readonly deployments = new Map<string, KubeObject>();
  readonly replicaSets = new Map<string, KubeObject>();
  readonly pods = new Map<string, KubeObject>();
  readonly events: KubeObject[] = [];
  /** `namespace/pod/container` → the log of the running container and of the one before it. */
  readonly logs = new Map<string, { current: string[]; previous: string[] | null }>();
  readonly podEvents: PodEvent[] = [];
  /** Watches from below this resourceVersion get 410 Gone, as after an etcd compaction. */
  compactedBelow = 0;
  readonly listeners = new Set<(event: PodEvent & { namespace: string }) => void>();
  private reads = new Map<string, number>();
  /** Deployment uid → the name of its current ReplicaSet. */
  private readonly currentSets = new Map<string, string>();
  private podCounter = 0;

  nextVersion(): string {
    this.resourceVersion += 1;
    return String(this.resourceVersion);
  }

  addDeployment(namespace: string, name: string, options: { image: string; replicas: number; container?: string; progressDeadlineSeconds?: number }): KubeObject {
    const labels = { app: name };
    const deployment: KubeObject = {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name, namespace, uid: uid('deployment', namespace, name), generation: 1, resourceVersion: this.nextVersion(), creationTimestamp: '2026-11-01T09:00:00Z', labels, annotations: {} },
      spec: {
        replicas: options.replicas,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: options.container ?? 'app', image: options.image, ports: [{ containerPort: 8080, protocol: 'TCP' }] }] } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: options.progressDeadlineSeconds ?? 600,
      },
      status: {},
    };
    this.deployments.set(`${namespace}/${name}`, deployment);
    const previousRollout = this.rollout;
    this.rollout = 'instant';
    this.reconcile(deployment);
    this.rollout = previousRollout;
    return deployment;
  }

  /** Puts a pod's first container into CrashLoopBackOff after `restarts` restarts, its previous run having ended as `reason`. */
  crashLoop(namespace: string, podName: string, options: { restarts: number; reason: 'Error' | 'OOMKilled'; exitCode: number; previousLog: string[] }): void {
    const pod = this.pods.get(`${namespace}/${podName}`)!;
    const status = pod.status.containerStatuses[0];
    status.ready = false;
    status.restartCount = options.restarts;
    status.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${status.name} pod=${podName}` } };
    status.lastState = { terminated: { exitCode: options.exitCode, reason: options.reason, startedAt: '2026-11-21T09:58:00Z', finishedAt: '2026-11-21T09:58:04Z' } };
    pod.status.conditions = [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }];
    this.logs.set(`${namespace}/${podName}/${status.name}`, { current: [], previous: options.previousLog });
    this.events.push(eventFor(namespace, 'Pod', podName, 'Warning', 'BackOff', `Back-off restarting failed container ${status.name} in pod ${podName}_${namespace}`, options.restarts, this.nextVersion()));
    this.touchPod(pod, 'MODIFIED');
  }

  podsOf(namespace: string, replicaSet: string): KubeObject[] {
    return [...this.pods.values()].filter((pod) => pod.metadata.namespace === namespace && pod.metadata.ownerReferences?.[0]?.name === replicaSet);
  }

  /** A read of the Deployment: in `stepwise` and `stall` modes the controller makes one step per read. */
  observe(deployment: KubeObject): void {
    const key = `${deployment.metadata.namespace}/${deployment.metadata.name}`;
    const reads = (this.reads.get(key) ?? 0) + 1;
    this.reads.set(key, reads);
    const status = deployment.status;
    if (status.updatedReplicas >= deployment.spec.replicas && status.availableReplicas >= deployment.spec.replicas) return;
    if (this.rollout === 'stepwise') {
      status.updatedReplicas = Math.min(deployment.spec.replicas, status.updatedReplicas + 1);
      status.availableReplicas = status.readyReplicas = status.updatedReplicas;
      if (status.updatedReplicas === deployment.spec.replicas) this.finish(deployment);
      deployment.metadata.resourceVersion = this.nextVersion();
    } else if (this.rollout === 'stall' && reads >= 2) {
      status.conditions = status.conditions.map((condition: KubeObject) =>
        condition.type === 'Progressing' ? { ...condition, status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${this.currentSet(deployment)}" has timed out progressing.` } : condition,
      );
      deployment.metadata.resourceVersion = this.nextVersion();
    }
  }

  /** Runs the controller after a change to a Deployment's spec. */
  reconcile(deployment: KubeObject): void {
    const { namespace, name } = deployment.metadata;
    const hash = templateHash(deployment.spec.template);
    const owned = [...this.replicaSets.values()].filter((set) => set.metadata.namespace === namespace && set.metadata.ownerReferences[0].uid === deployment.metadata.uid);
    const revisions = owned.map((set) => Number(set.metadata.annotations[REVISION]));
    let current = owned.find((set) => set.metadata.labels['pod-template-hash'] === hash);
    const revision = String(Math.max(0, ...revisions) + (current && current.metadata.annotations[REVISION] === String(Math.max(0, ...revisions)) ? 0 : 1));
    if (!current) {
      const template = structuredClone(deployment.spec.template);
      template.metadata.labels = { ...template.metadata.labels, 'pod-template-hash': hash };
      current = {
        kind: 'ReplicaSet',
        apiVersion: 'apps/v1',
        metadata: { name: `${name}-${hash}`, namespace, uid: uid('replicaset', namespace, name, hash), resourceVersion: this.nextVersion(), labels: template.metadata.labels, annotations: {}, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: deployment.metadata.uid, controller: true, blockOwnerDeletion: true }], creationTimestamp: '2026-11-21T09:00:00Z' },
        spec: { replicas: 0, selector: { matchLabels: template.metadata.labels }, template },
        status: { replicas: 0 },
      };
      this.replicaSets.set(`${namespace}/${current.metadata.name}`, current);
    }
    current.metadata.annotations[REVISION] = revision;
    deployment.metadata.annotations[REVISION] = revision;
    current.spec.replicas = deployment.spec.replicas;
    for (const set of owned) if (set !== current) set.spec.replicas = 0;
    const before = this.currentSets.get(deployment.metadata.uid);
    const changedTemplate = before !== undefined && before !== current.metadata.name;
    this.currentSets.set(deployment.metadata.uid, current.metadata.name);
    deployment.status = {
      observedGeneration: deployment.metadata.generation,
      replicas: deployment.spec.replicas,
      updatedReplicas: changedTemplate && this.rollout !== 'instant' ? (this.rollout === 'stepwise' ? 0 : 1) : deployment.spec.replicas,
      readyReplicas: changedTemplate && this.rollout !== 'instant' ? 0 : deployment.spec.replicas,
      availableReplicas: changedTemplate && this.rollout !== 'instant' ? 0 : deployment.spec.replicas,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
        { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${current.metadata.name}" is progressing.` },
      ],
    };
    if (deployment.status.updatedReplicas === deployment.spec.replicas) this.finish(deployment);
  }

  /** The rollout is complete: the current ReplicaSet's pods, and only they, run. */
  private finish(deployment: KubeObject): void {
    const { namespace } = deployment.metadata;
    const current = this.replicaSets.get(`${namespace}/${this.currentSet(deployment)}`)!;
    for (const set of this.replicaSets.values()) {
      if (set.metadata.namespace !== namespace || set.metadata.ownerReferences[0].uid !== deployment.metadata.uid) continue;
      const pods = this.podsOf(namespace, set.metadata.name);
      const wanted = set === current ? deployment.spec.replicas : 0;
      for (const pod of pods.slice(wanted)) {
        this.pods.delete(`${namespace}/${pod.metadata.name}`);
        this.touchPod(pod, 'DELETED');
      }
      for (let index = pods.length; index < wanted; index += 1) this.startPod(set);
      set.status = { replicas: wanted, readyReplicas: wanted, availableReplicas: wanted };
    }
    deployment.status.conditions = deployment.status.conditions.map((condition: KubeObject) =>
      condition.type === 'Progressing' ? { ...condition, reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${current.metadata.name}" has successfully progressed.` } : condition,
    );
    this.events.push(eventFor(namespace, 'Deployment', deployment.metadata.name, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${current.metadata.name} to ${deployment.spec.replicas}`, 1, this.nextVersion()));
  }

  private currentSet(deployment: KubeObject): string {
    return this.currentSets.get(deployment.metadata.uid)!;
  }

  private startPod(set: KubeObject): void {
    this.podCounter += 1;
    const namespace = set.metadata.namespace;
    const name = `${set.metadata.name}-${suffix(this.podCounter)}`;
    const containers = set.spec.template.spec.containers as KubeObject[];
    const pod: KubeObject = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name, namespace, uid: uid('pod', namespace, name), labels: set.spec.template.metadata.labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: set.metadata.name, uid: set.metadata.uid, controller: true }], creationTimestamp: '2026-11-21T09:00:00Z' },
      spec: { containers: structuredClone(containers), nodeName: `node-${1 + (this.podCounter % 3)}` },
      status: {
        phase: 'Running',
        startTime: '2026-11-21T09:00:00Z',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: containers.map((container) => ({ name: container.name, image: container.image, ready: true, started: true, restartCount: 0, state: { running: { startedAt: '2026-11-21T09:00:05Z' } }, lastState: {} })),
      },
    };
    this.pods.set(`${namespace}/${name}`, pod);
    for (const container of containers) this.logs.set(`${namespace}/${name}/${container.name}`, { current: Array.from({ length: 120 }, (_, index) => `${container.image} request ${index + 1} served`), previous: null });
    this.touchPod(pod, 'ADDED');
  }

  touchPod(pod: KubeObject, type: PodEvent['type']): void {
    const version = this.nextVersion();
    pod.metadata.resourceVersion = version;
    const event = { resourceVersion: Number(version), type, object: structuredClone(pod) };
    this.podEvents.push(event);
    for (const listener of this.listeners) listener({ ...event, namespace: pod.metadata.namespace });
  }
}

function eventFor(namespace: string, kind: string, name: string, type: string, reason: string, message: string, count: number, resourceVersion: string): KubeObject {
  return {
    metadata: { name: `${name}.${resourceVersion}`, namespace, resourceVersion },
    involvedObject: { kind, name, namespace },
    type,
    reason,
    message,
    count,
    firstTimestamp: '2026-11-21T09:00:00Z',
    lastTimestamp: `2026-11-21T09:${String(Number(resourceVersion) % 60).padStart(2, '0')}:00Z`,
    source: { component: kind === 'Pod' ? 'kubelet' : 'deployment-controller' },
  };
}

/** Like the controller's hash of a pod template, over what tells templates apart here (labels, annotations, containers). */
function templateHash(template: KubeObject): string {
  const labels = Object.entries(template.metadata?.labels ?? {}).filter(([key]) => key !== 'pod-template-hash').sort();
  const annotations = Object.entries(template.metadata?.annotations ?? {}).sort();
  const containers = (template.spec?.containers ?? []).map((container: KubeObject) => [container.name, container.image]);
  return createHash('sha256').update(JSON.stringify({ labels, annotations, containers })).digest('hex').slice(0, 10).replace(/^[0-9]/, 'b');
}

function uid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('/')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function suffix(counter: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  let value = counter * 7919 + 104_729;
  for (let index = 0; index < 5; index += 1) {
    out += alphabet[value % alphabet.length];
    value = Math.floor(value / alphabet.length);
  }
  return out;
}
