import type { PodSummary } from '../../../backends/ports/workloads.js';

/** Why a workload gets a card: a container in back-off, one the kernel killed for memory, or a Deployment past its progress deadline. */
export type CrashReason = 'CrashLoopBackOff' | 'OOMKilled' | 'rollout stalled';

/** A pod in trouble, as a card reports it. */
export interface CrashSignal {
  service: string;
  environment: string;
  pod: string;
  container: string;
  reason: CrashReason;
  restarts: number;
  lastExit: string | null;
}

/** The trouble a pod is in, or null: CrashLoopBackOff first, else a restart whose last end was OOMKilled. */
export function crashSignal(pod: PodSummary): CrashSignal | null {
  if (!pod.service) return null;
  const reason: CrashReason | null = pod.status === 'CrashLoopBackOff' ? 'CrashLoopBackOff' : pod.status === 'OOMKilled' || (pod.restarts > 0 && pod.lastTermination?.reason === 'OOMKilled' && pod.status !== 'Running') ? 'OOMKilled' : null;
  if (!reason) return null;
  const last = pod.lastTermination;
  return { service: pod.service, environment: pod.environment, pod: pod.name, container: pod.container, reason, restarts: pod.restarts, lastExit: last ? `${last.reason} (exit ${last.exitCode})` : null };
}
