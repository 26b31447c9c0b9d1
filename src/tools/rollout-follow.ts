import type { Workload, WorkloadsPort } from '../backends/ports/workloads.js';
import { OutcomeUnknown, ToolFailure } from '../errors.js';
import type { ToolContext } from './define-tool.js';
import { replicaLine } from './workload-text.js';

const POLL_MS = 500;
// Past the Deployment's own deadline the controller should have said ProgressDeadlineExceeded; silence is unknown.
const GRACE_SECONDS = 60;

/**
 * Follows a restart or undo until the rollout completes, fails (ProgressDeadlineExceeded) or stops reporting,
 * telling the conversation each new `2/3 updated`. Success is only a rollout Kubernetes reported complete.
 */
export async function followRollout(workloads: WorkloadsPort, started: Workload, what: string, context: ToolContext): Promise<Workload> {
  const deadline = Date.now() + (started.progressDeadlineSeconds + GRACE_SECONDS) * 1000;
  let workload = started;
  let reported = '';
  while (workload.rollout === 'progressing' && Date.now() < deadline) {
    const line = `${what}: ${replicaLine(workload)}`;
    if (line !== reported) context.progress?.(line);
    reported = line;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    workload = await workloads.workload(started.service, started.environment);
    if (workload.generation > started.generation) throw new OutcomeUnknown(`${what}: the Deployment was changed again (generation ${workload.generation}) before the rollout finished; check it before acting again.`);
  }
  if (workload.rollout === 'failed') {
    const condition = workload.conditions.find((entry) => entry.type === 'Progressing');
    throw new ToolFailure(`${what} failed: ${condition?.reason ?? 'Progressing=False'}${condition?.message ? ` (${condition.message})` : ''}; ${replicaLine(workload)}.`, { workload });
  }
  if (workload.rollout !== 'complete') throw new OutcomeUnknown(`${what} has not finished after ${started.progressDeadlineSeconds + GRACE_SECONDS} s (${replicaLine(workload)}); its outcome is unknown.`, { workload });
  return workload;
}
