import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { PodSummary, RolloutStatus, Workload } from '../ports/workloads.js';

/** A pod the way `kubectl get pods` shows it: a waiting or terminated reason of a container wins over the phase. */
export function podSummary(pod: V1Pod, environment: string, service: string | null): PodSummary {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers.length ?? statuses.length;
  let status = pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
  let ready = 0;
  // As kubectl does: the last container read wins, so walk them backwards and the first container decides.
  for (const container of [...statuses].reverse()) {
    const state = container.state;
    if (state?.waiting?.reason) status = state.waiting.reason;
    else if (state?.terminated?.reason) status = state.terminated.reason;
    else if (state?.terminated) status = state.terminated.signal ? `Signal:${state.terminated.signal}` : `ExitCode:${state.terminated.exitCode}`;
    else if (container.ready && state?.running) ready += 1;
  }
  if (pod.metadata?.deletionTimestamp) status = 'Terminating';
  const troubled = statuses.find((container) => !container.ready) ?? statuses[0];
  const terminated = troubled?.lastState?.terminated;
  return {
    name: pod.metadata?.name ?? '',
    service,
    environment,
    namespace: pod.metadata?.namespace ?? '',
    ready: `${ready}/${total}`,
    status,
    restarts: statuses.reduce((sum, container) => sum + (container.restartCount ?? 0), 0),
    startedAt: isoOf(pod.status?.startTime),
    node: pod.spec?.nodeName ?? null,
    container: troubled?.name ?? pod.spec?.containers[0]?.name ?? '',
    lastTermination: terminated ? { reason: terminated.reason ?? 'Unknown', exitCode: terminated.exitCode, finishedAt: isoOf(terminated.finishedAt) } : null,
  };
}

/** The Deployment's figures and rollout status, as `kubectl rollout status` reads them. */
export function workloadOf(deployment: V1Deployment, service: string, environment: string, container: string | undefined): Workload {
  const spec = deployment.spec;
  const status = deployment.status ?? {};
  const containers = spec?.template.spec?.containers ?? [];
  const chosen = containers.find((entry) => entry.name === container) ?? containers[0];
  const desired = spec?.replicas ?? 1;
  const conditions = (status.conditions ?? []).map((condition) => ({ type: condition.type, status: condition.status, reason: condition.reason ?? null, message: condition.message ?? null }));
  return {
    service,
    environment,
    namespace: deployment.metadata?.namespace ?? '',
    deployment: deployment.metadata?.name ?? '',
    container: chosen?.name ?? container ?? '',
    image: chosen?.image ?? null,
    replicas: { desired, ready: status.readyReplicas ?? 0, updated: status.updatedReplicas ?? 0, available: status.availableReplicas ?? 0 },
    generation: deployment.metadata?.generation ?? 0,
    observedGeneration: status.observedGeneration ?? 0,
    revision: deployment.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? null,
    rollout: rolloutOf(deployment),
    conditions,
    progressDeadlineSeconds: spec?.progressDeadlineSeconds ?? 600,
  };
}

function rolloutOf(deployment: V1Deployment): RolloutStatus {
  const status = deployment.status ?? {};
  const progressing = status.conditions?.find((condition) => condition.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return 'failed';
  const desired = deployment.spec?.replicas ?? 1;
  const observed = (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
  const updated = status.updatedReplicas ?? 0;
  const done = observed && updated >= desired && (status.replicas ?? 0) <= updated && (status.availableReplicas ?? 0) >= updated;
  return done ? 'complete' : 'progressing';
}

/** The client parses timestamps into Dates; a port speaks ISO strings. */
export function isoOf(value: Date | string | undefined | null): string | null {
  if (!value) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}
