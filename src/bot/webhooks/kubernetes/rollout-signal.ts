import type { Workload } from '../../../backends/ports/workloads.js';

/** A Deployment whose rollout stalled, as its card reports it. */
export interface RolloutStall {
  image: string | null;
  replicas: { updated: number; ready: number; desired: number };
  message: string | null;
}

/**
 * The stall a Deployment reports, or null: `Progressing` False with reason `ProgressDeadlineExceeded`, the
 * controller's own signal that a rollout gave up (kubernetes.io "Failed Deployment").
 */
export function rolloutStall(workload: Workload): RolloutStall | null {
  const progressing = workload.conditions.find((condition) => condition.type === 'Progressing');
  if (progressing?.status !== 'False' || progressing.reason !== 'ProgressDeadlineExceeded') return null;
  const { updated, ready, desired } = workload.replicas;
  return { image: workload.image, replicas: { updated, ready, desired }, message: progressing.message };
}
