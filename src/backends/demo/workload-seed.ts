import type { Config, Service } from '../../config/schema.js';
import type { PodSummary, Workload, WorkloadEvent } from '../ports/workloads.js';
import { deploymentOf } from '../workload-names.js';
import { hash32 } from './deterministic-noise.js';
import { primaryEnvironment } from './fleet-catalog.js';
import { seededVersion } from './fleet-seed.js';
import { earlierVersion } from './version-label.js';

/** One revision of a demo Deployment's pod template. */
export interface DemoRevision {
  revision: number;
  image: string;
  restartedAt: string | null;
}

/** A demo Deployment as stored: its spec history and whether its pods crash. */
export interface DemoDeployment {
  replicas: number;
  generation: number;
  revisions: DemoRevision[];
  /** The image whose containers crash on start (the demo's crashlooping workload). */
  crashingImage: string | null;
  changedAt: string;
  events: WorkloadEvent[];
}

// The demo's one crashlooping workload: the primary environment's payments, from first use.
const CRASHING_SERVICE = 'payments';
const CRASH_RESTARTS = 7;
const NODES = ['demo-node-1', 'demo-node-2', 'demo-node-3'];

export function demoImage(service: Service, version: string): string {
  return `${service.kubernetes?.image ?? `registry.example.com/acme/${service.name}`}:${version}`;
}

export function seedDeployment(config: Config, service: Service, environment: string, at: Date): DemoDeployment {
  const version = seededVersion(config, service.name, environment);
  const previous = earlierVersion(version, hash32('history', service.name, environment));
  const crashing = service.name === CRASHING_SERVICE && environment === primaryEnvironment(config);
  const changedAt = new Date(at.getTime() - 26 * 3_600_000).toISOString();
  return {
    replicas: environment === primaryEnvironment(config) ? 3 : 2,
    generation: 4,
    revisions: [
      { revision: 1, image: demoImage(service, previous), restartedAt: null },
      { revision: 2, image: demoImage(service, version), restartedAt: null },
    ],
    crashingImage: crashing ? demoImage(service, version) : null,
    changedAt,
    events: [],
  };
}

export function currentRevision(deployment: DemoDeployment): DemoRevision {
  return deployment.revisions[deployment.revisions.length - 1]!;
}

function isCrashing(deployment: DemoDeployment): boolean {
  return deployment.crashingImage !== null && currentRevision(deployment).image === deployment.crashingImage;
}

/** The Deployment as the port reports it; the demo's rollouts complete at once, except a crashing one never becomes available. */
export function viewWorkload(service: Service, environment: string, deployment: DemoDeployment): Workload {
  const crashing = isCrashing(deployment) ? 1 : 0;
  const ready = deployment.replicas - crashing;
  return {
    service: service.name,
    environment,
    namespace: environment,
    deployment: deploymentOf(service),
    container: service.kubernetes?.container ?? 'app',
    image: currentRevision(deployment).image,
    replicas: { desired: deployment.replicas, ready, updated: deployment.replicas, available: ready },
    generation: deployment.generation,
    observedGeneration: deployment.generation,
    revision: String(currentRevision(deployment).revision),
    rollout: 'complete',
    conditions: [
      { type: 'Available', status: crashing && ready === 0 ? 'False' : 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${replicaSetName(service, deployment)}" has successfully progressed.` },
    ],
    progressDeadlineSeconds: 600,
  };
}

function replicaSetName(service: Service, deployment: DemoDeployment): string {
  const revision = currentRevision(deployment);
  return `${deploymentOf(service)}-${(hash32('template', revision.image, revision.restartedAt ?? '') % 0xfffffff).toString(36).padStart(6, '0').slice(0, 8)}`;
}

/** The pods of the current ReplicaSet: one per replica, the first crashlooping when the image crashes. */
export function viewPods(service: Service, environment: string, deployment: DemoDeployment): PodSummary[] {
  const replicaSet = replicaSetName(service, deployment);
  const container = service.kubernetes?.container ?? 'app';
  return Array.from({ length: deployment.replicas }, (_, index) => {
    const name = `${replicaSet}-${(hash32('pod', replicaSet, index) % 0xffffff).toString(36).padStart(5, 'x').slice(0, 5)}`;
    const crashing = index === 0 && isCrashing(deployment);
    return {
      name,
      service: service.name,
      environment,
      namespace: environment,
      ready: crashing ? '0/1' : '1/1',
      status: crashing ? 'CrashLoopBackOff' : 'Running',
      restarts: crashing ? CRASH_RESTARTS : 0,
      startedAt: deployment.changedAt,
      node: NODES[hash32('node', name) % NODES.length]!,
      container,
      lastTermination: crashing ? { reason: 'Error', exitCode: 1, finishedAt: deployment.changedAt } : null,
    };
  });
}

/** A container's log: request lines for a healthy one, a failed start for the crashed one. */
export function demoLogLines(pod: PodSummary, previous: boolean, count: number): string[] {
  const crashed = previous || pod.status === 'CrashLoopBackOff';
  const lines = crashed
    ? [
        'starting payments-api on :8080',
        'loading config from /etc/app/config.yaml',
        'connecting to ledger database at postgres://ledger:password=s3cr3t-demo@10.0.3.7:5432/ledger',
        'error: connect ECONNREFUSED 10.0.3.7:5432',
        'fatal: ledger database unreachable after 3 attempts, exiting with status 1',
      ]
    : Array.from({ length: 60 }, (_, index) => `GET /healthz 200 ${1 + (hash32('latency', pod.name, index) % 9)}ms`);
  return lines.slice(-count);
}

/** Events of the last changes and, for a crashing workload, the kubelet's back-off. */
export function demoEvents(service: Service, environment: string, deployment: DemoDeployment): WorkloadEvent[] {
  const crashing = viewPods(service, environment, deployment).filter((pod) => pod.status === 'CrashLoopBackOff');
  return [
    ...deployment.events,
    ...crashing.map((pod) => ({ at: deployment.changedAt, type: 'Warning', reason: 'BackOff', object: `Pod/${pod.name}`, message: `Back-off restarting failed container ${pod.container} in pod ${pod.name}`, count: CRASH_RESTARTS })),
  ];
}
