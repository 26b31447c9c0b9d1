// Workloads port: pods, Deployments, their events and logs, and the few changes opsbot makes to them (Kubernetes, or the
// demo fleet). Only the namespaces of configured environments are ever read or changed; never Secrets, ConfigMap data,
// exec, port-forward or delete. A port throws ToolFailure for "the backend said no" (readable), anything else for faults.

/** How a container last ended (`OOMKilled`, `Error`), as the kubelet recorded it. */
export interface ContainerTermination {
  reason: string;
  exitCode: number;
  finishedAt: string | null;
}

/** One pod, as `kubectl get pods` shows it, plus the last termination that explains a restart. */
export interface PodSummary {
  name: string;
  /** The configured service whose Deployment owns it; null for a pod of something else in the namespace. */
  service: string | null;
  environment: string;
  namespace: string;
  /** `ready/total` containers, e.g. `1/1`. */
  ready: string;
  /** `Running`, `Pending`, `CrashLoopBackOff`, `OOMKilled`, `Completed`…: a waiting or terminated reason wins over the phase. */
  status: string;
  restarts: number;
  startedAt: string | null;
  node: string | null;
  /** The container the status is about (the first not ready, else the first). */
  container: string;
  lastTermination: ContainerTermination | null;
}

/** A Deployment condition (`Available`, `Progressing` with reason `ProgressDeadlineExceeded`). */
export interface WorkloadCondition {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
}

/** `complete`: every replica updated and available; `failed`: Progressing=False (ProgressDeadlineExceeded). */
export type RolloutStatus = 'complete' | 'progressing' | 'failed';

/** A service's Deployment in one environment: the facts a card shows and a precondition binds. */
export interface Workload {
  service: string;
  environment: string;
  namespace: string;
  deployment: string;
  container: string;
  image: string | null;
  replicas: { desired: number; ready: number; updated: number; available: number };
  /** Bumped by every spec change (scale, restart, image): what an approval re-reads. */
  generation: number;
  observedGeneration: number;
  /** `deployment.kubernetes.io/revision`. */
  revision: string | null;
  rollout: RolloutStatus;
  conditions: WorkloadCondition[];
  /** How many seconds the controller gives a rollout before ProgressDeadlineExceeded. */
  progressDeadlineSeconds: number;
}

/** An event about the Deployment or one of its pods. */
export interface WorkloadEvent {
  at: string | null;
  type: string;
  reason: string;
  /** `Pod/checkout-7d9f-abcde`. */
  object: string;
  message: string;
  count: number;
}

/** The last lines of one container's log. */
export interface PodLogs {
  pod: string;
  container: string;
  previous: boolean;
  lines: string[];
}

/** The ReplicaSet a rollout undo goes back to. */
export interface PreviousRevision {
  revision: string;
  image: string | null;
}

/** What a change is made against: the Deployment's generation when the card was shown (refused if it moved). */
export interface WorkloadChange {
  service: string;
  environment: string;
  expectedGeneration: number;
}

/** Something that happened to a pod, from a watch. */
export interface PodChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  pod: PodSummary;
}

/** Reads and the few changes opsbot makes to workloads. */
export interface WorkloadsPort {
  /** opsbot environment → the namespace it may touch there (nothing else is ever read or changed). */
  namespaces(): Record<string, string>;
  /** Pods of a service, or every pod in the environment's namespace. */
  pods(environment: string, service?: string): Promise<PodSummary[]>;
  workload(service: string, environment: string): Promise<Workload>;
  /** Recent events of the Deployment and its pods, newest last. */
  events(service: string, environment: string, limit: number): Promise<WorkloadEvent[]>;
  /** The last `tailLines` lines of a pod's container (the service's first pod, the one in trouble first, when none is named). */
  logs(request: { service: string; environment: string; pod?: string; tailLines: number; previous: boolean }): Promise<PodLogs>;
  /** The revision a rollout undo would return to; null when there is none. */
  previousRevision(service: string, environment: string): Promise<PreviousRevision | null>;
  scale(change: WorkloadChange & { replicas: number }): Promise<Workload>;
  /** A rollout restart: the `kubectl.kubernetes.io/restartedAt` annotation on the pod template. */
  restart(change: WorkloadChange & { at: string }): Promise<Workload>;
  /** Back to the previous revision's pod template. */
  undo(change: WorkloadChange): Promise<Workload>;
  setImage(change: WorkloadChange & { image: string }): Promise<Workload>;
  /**
   * Follows pod changes in one environment until `signal` aborts, resuming where a stream ended; the current
   * pods come first as ADDED.
   */
  watchPods(environment: string, onChange: (change: PodChange) => void, signal: AbortSignal): Promise<void>;
}
