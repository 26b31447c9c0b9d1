import type { PendingAction } from '../actions/pending-action.js';
import type { Gateway } from '../gateway/gateway.js';
import type { KvRepository } from '../store/kv-repository.js';
import { type IncidentFollowUps, IncidentDeclaredWorkflow } from './incident-declared.js';

/** The follow-ups running in one process; started once per process by its long-lived front end. */
export interface Workflows {
  /** Follows up outcomes this process did not see happen (decided in another process). */
  sweep(): Promise<void>;
  /** Resolves when every follow-up started here has finished. */
  idle(): Promise<void>;
  stop(): void;
}

/** What a front end gives the workflows: the gateway and store, and its own part of each follow-up. */
export interface WorkflowOptions {
  gateway: Gateway;
  kv: KvRepository;
  /** The front end's part of "an incident was declared" (a Slack channel, a line in the shell). */
  incident?: IncidentFollowUps;
  /** Which outcomes decided elsewhere this process's sweep follows up; default: all. */
  sweeps?: (action: PendingAction) => boolean;
  /** Sweep this often; absent: only when `sweep` is called (the Slack front end sweeps on its own timer). */
  sweepIntervalMs?: number;
  /** Where background work is tracked; default: kept by the workflows, see `idle`. */
  track?: (label: string, work: Promise<unknown>) => void;
  onError?: (error: unknown) => void;
}

/**
 * Workflows after outcomes (DESIGN §10): listeners on gateway outcomes that act the same whichever front end the
 * action came from. Later follow-ups (an alert resolved, a release PR merged) are added here.
 */
export function startWorkflows(options: WorkflowOptions): Workflows {
  const running = new Set<Promise<unknown>>();
  const track =
    options.track ??
    ((_label: string, work: Promise<unknown>) => {
      running.add(work);
      void work.finally(() => running.delete(work));
    });
  const incident = new IncidentDeclaredWorkflow({ gateway: options.gateway, kv: options.kv, followUps: options.incident, sweeps: options.sweeps, track, onError: options.onError });
  const unsubscribe = options.gateway.onActionChange(incident.onActionChange);
  const sweep = () => incident.sweep();
  const timer = options.sweepIntervalMs ? setInterval(() => track('workflow sweep', sweep().catch((error: unknown) => options.onError?.(error))), options.sweepIntervalMs) : undefined;
  timer?.unref();
  return {
    sweep,
    async idle() {
      while (running.size) await Promise.allSettled([...running]);
      await incident.idle();
    },
    stop() {
      if (timer) clearInterval(timer);
      unsubscribe();
    },
  };
}
