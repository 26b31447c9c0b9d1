import type { PendingAction } from '../actions/pending-action.js';
import type { Gateway } from '../gateway/gateway.js';
import type { KvRepository } from '../store/kv-repository.js';
import type { Config } from '../config/schema.js';
import { type IncidentFollowUps, IncidentDeclaredWorkflow } from './incident-declared.js';
import { IncidentBriefing } from './incident-briefing.js';
import type { Poster } from './posting.js';
import { type FileUpload, PostmortemDelivery } from './postmortem-delivery.js';

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
  /** How this front end posts on opsbot's own (briefings); without one, nothing is posted. Status updates are outbox rows written with the update (src/app.ts). */
  poster?: Poster;
  config?: Pick<Config, 'incidents' | 'services'> & Partial<Pick<Config, 'backends'>>;
  /** Puts a file in a conversation (the published postmortem in its room); absent: the draft goes only to its pull request. */
  upload?: FileUpload;
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
  const briefing = options.poster && options.config ? new IncidentBriefing({ gateway: options.gateway, config: options.config, poster: options.poster, kv: options.kv, onError: options.onError }) : undefined;
  const incident = new IncidentDeclaredWorkflow({
    gateway: options.gateway,
    kv: options.kv,
    followUps: options.incident,
    sweeps: options.sweeps,
    track,
    onError: options.onError,
    ...(briefing ? { onRoomOpened: (declaredIncident, declared, room, paged) => briefing.brief(declaredIncident, declared, room.origin, paged, room.conversation) } : {}),
  });
  const poster = options.poster;
  const postmortems = options.upload && poster ? new PostmortemDelivery({ kv: options.kv, upload: options.upload, roomOf: (id) => poster.roomOf(id), track, onError: options.onError }) : undefined;
  const listeners = [incident.onActionChange, ...(postmortems ? [postmortems.onActionChange] : [])].map((listener) => options.gateway.onActionChange(listener));
  const unsubscribe = () => listeners.forEach((stop) => stop());
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
