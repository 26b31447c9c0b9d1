/** A deployment status as GitHub sends it (REST list and `deployment_status` deliveries share these fields). */
export interface GitHubDeploymentStatus {
  id: number;
  state: 'error' | 'failure' | 'inactive' | 'pending' | 'success' | 'queued' | 'in_progress';
  description?: string | null;
  log_url?: string | null;
  target_url?: string | null;
  environment_url?: string | null;
  created_at: string;
}

/** The workflow run carrying out a deployment, as far as opsbot knows it. */
export interface TrackedRun {
  id: number;
  url: string | null;
  status?: string | null;
  conclusion?: string | null;
  updatedAt?: string | null;
}

/** What the tracking needs from the store: small JSON documents by key (KvRepository fits). */
export interface TrackingStore {
  get<T>(namespace: string, key: string): Promise<T | undefined>;
  put(namespace: string, key: string, value: unknown): Promise<void>;
}

const RUNS = 'github-deployment-runs';
const PUSHED = 'github-deployment-statuses';
const RUN_DEPLOYMENTS = 'github-run-deployments';

/**
 * What opsbot learnt about its GitHub deployments outside the REST reads: the workflow run it dispatched, and
 * statuses pushed by webhook deliveries. Kept in the store, so the replica following a deploy sees what another
 * replica received.
 */
export class DeploymentTracking {
  constructor(private readonly store: TrackingStore = memoryStore()) {}

  async run(repository: string, deploymentId: number): Promise<TrackedRun | undefined> {
    return this.store.get<TrackedRun>(RUNS, key(repository, deploymentId));
  }

  /**
   * Records what is known of a deployment's run. A webhook delivery and the follower's REST read race: the read
   * may have started before the delivery and answer with an older view, which must not replace the newer one
   * (a run seen completed never goes back to in progress), or the outcome would be lost until GitHub's own
   * list caught up.
   */
  async recordRun(repository: string, deploymentId: number, run: TrackedRun): Promise<void> {
    const known = await this.run(repository, deploymentId);
    if (!(known && known.id === run.id && isNewerRun(known, run))) await this.store.put(RUNS, key(repository, deploymentId), run);
    await this.store.put(RUN_DEPLOYMENTS, key(repository, run.id), deploymentId);
  }

  /** The deployment a dispatched run carries out, for `workflow_run` deliveries (which name only the run). */
  async deploymentOfRun(repository: string, runId: number): Promise<number | undefined> {
    return this.store.get<number>(RUN_DEPLOYMENTS, key(repository, runId));
  }

  async pushedStatus(repository: string, deploymentId: number): Promise<GitHubDeploymentStatus | undefined> {
    return this.store.get<GitHubDeploymentStatus>(PUSHED, key(repository, deploymentId));
  }

  /** Keeps the newest status only: deliveries can arrive out of order. Returns whether this one was newer. */
  async recordPushedStatus(repository: string, deploymentId: number, status: GitHubDeploymentStatus): Promise<boolean> {
    const known = await this.pushedStatus(repository, deploymentId);
    if (known && (known.created_at > status.created_at || (known.created_at === status.created_at && known.id >= status.id))) return false;
    await this.store.put(PUSHED, key(repository, deploymentId), status);
    return true;
  }
}

/** Whether `known` is a later view of the same run than `candidate`. */
function isNewerRun(known: TrackedRun, candidate: TrackedRun): boolean {
  if (known.status === 'completed' && candidate.status !== 'completed') return true;
  return Boolean(known.updatedAt && candidate.updatedAt && known.updatedAt > candidate.updatedAt);
}

function key(repository: string, deploymentId: number): string {
  return `${repository.toLowerCase()}#${deploymentId}`;
}

function memoryStore(): TrackingStore {
  const values = new Map<string, unknown>();
  return {
    async get<T>(namespace: string, name: string) {
      return values.get(`${namespace}/${name}`) as T | undefined;
    },
    async put(namespace: string, name: string, value: unknown) {
      values.set(`${namespace}/${name}`, value);
    },
  };
}
