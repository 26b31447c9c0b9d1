import type { PodSummary, Workload, WorkloadEvent } from '../backends/ports/workloads.js';
import { redactText } from '../util/redact.js';

// `password=…`, `token: …` in a log line: application logs leak credentials in this shape more than any other.
const KEY_VALUE_SECRET = /\b([A-Za-z_-]*(?:password|passwd|secret|token|api[_-]?key)[A-Za-z_-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&@]+)/gi;

/** A log line with secrets removed: known credential shapes and `password=…`-style values. */
export function redactLogLine(line: string): string {
  return redactText(line).replace(KEY_VALUE_SECRET, (_, key: string, separator: string) => `${key}${separator}[REDACTED]`);
}

/** `21h`, `3d`, `45m`, as kubectl writes ages. */
export function ageOf(startedAt: string | null, now: Date): string {
  if (!startedAt) return '—';
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(startedAt)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

/** Pods as `kubectl get pods` lines, with the last termination after a pod that restarted. */
export function podLines(pods: readonly PodSummary[], now: Date): string[] {
  const rows = pods.map((pod) => [pod.name, pod.ready, pod.status, String(pod.restarts), ageOf(pod.startedAt, now), pod.node ?? '—']);
  const header = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'NODE'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(header), ...rows.map((row, index) => `${line(row)}${terminationNote(pods[index]!)}`)];
}

export function terminationNote(pod: PodSummary): string {
  const last = pod.lastTermination;
  return last ? `  last: ${last.reason} (exit ${last.exitCode}${last.finishedAt ? ` at ${last.finishedAt}` : ''})` : '';
}

/** `3/3 ready, 3 updated, 3 available`: the figures a rollout is judged by. */
export function replicaLine(workload: Workload): string {
  const { desired, ready, updated, available } = workload.replicas;
  return `${ready}/${desired} ready, ${updated} updated, ${available} available`;
}

/** A Deployment the way `kubectl describe` leads with it, then its recent events. */
export function describeLines(workload: Workload, events: readonly WorkloadEvent[]): string[] {
  const conditions = workload.conditions.map((condition) => `  ${condition.type}=${condition.status}${condition.reason ? ` ${condition.reason}` : ''}${condition.message ? `: ${condition.message}` : ''}`);
  return [
    `${workload.service} in ${workload.environment}: Deployment ${workload.deployment} (namespace ${workload.namespace}), revision ${workload.revision ?? '?'}, generation ${workload.generation}`,
    `replicas: ${workload.replicas.desired} desired, ${replicaLine(workload)}`,
    `image: ${workload.image ?? 'unknown'} (container ${workload.container})`,
    `rollout: ${workload.rollout}`,
    'conditions:',
    ...conditions,
    events.length ? 'events:' : 'events: none recent',
    ...events.map((event) => `  ${event.at ?? '—'} ${event.type} ${event.reason} ${event.object}${event.count > 1 ? ` (x${event.count})` : ''}: ${event.message}`),
  ];
}
