import type { Origin } from '../../actions/origin.js';

// Deploys port: what runs where, deploy history, and starting deploys and rollbacks (GitHub Deployments, or the demo ledger).
// A port throws ToolFailure for "the backend said no" (readable), anything else for faults (DESIGN §8).

/** `unknown`: the deploy system stopped reporting before an outcome (statuses stopped arriving); never read as success. */
export type DeployState = 'in_progress' | 'succeeded' | 'failed' | 'unknown';

/** One deploy or rollback, as the deploy system records it. */
export interface DeployRecord {
  id: string;
  kind: 'deploy' | 'rollback';
  service: string;
  environment: string;
  version: string;
  previousVersion: string | null;
  state: DeployState;
  /** 0..1 while in progress. */
  progress: number;
  /** The deploy system's own words for the progress (`3/5 updated`), shown instead of a percentage. */
  progressText?: string;
  requestedBy: string;
  startedAt: string;
  finishedAt: string | null;
  message: string;
  /** Who approved it, when the deploy system recorded that. */
  approvedBy?: string | null;
  /** Required checks (and locks) were skipped by a lead (`deploy!`). */
  forced?: boolean;
  /** Where people can look at it: the deployment, its log and the deployed environment. */
  url?: string | null;
  logUrl?: string | null;
  environmentUrl?: string | null;
}

/** A request to start a deploy, with the facts the deploy system records alongside it. */
export interface DeployRequest {
  service: string;
  environment: string;
  version: string;
  requestedBy: string;
  approvedBy?: string | null;
  /** Skip required checks (`deploy!` by a lead; policy has already granted `deploy:force`). */
  force?: boolean;
  /** The opsbot action and the conversation it came from, so the deployer can report back there. */
  actionId?: string;
  origin?: Origin;
}

/** A request to roll back to `toVersion`, or to the previous successful version when absent. */
export interface RollbackRequest extends Omit<DeployRequest, 'version' | 'force'> {
  toVersion?: string;
}

/** What runs where, deploy history, and starting deploys and rollbacks. */
export interface DeploysPort {
  /** The version running now (the last succeeded deploy) and any deploy in progress. */
  current(service: string, environment: string): Promise<{ version: string | null; inProgress: DeployRecord | null }>;
  history(service: string, environment: string | undefined, limit: number): Promise<DeployRecord[]>;
  get(id: string): Promise<DeployRecord | null>;
  /**
   * Checks, without starting anything, that a deploy could start: the version names something real and no deploy
   * is in progress. ToolFailure otherwise, so nobody is asked to confirm a deploy that cannot run. Returns what
   * the version resolves to (e.g. `tag v2.4.0 at 1a2b3c4`).
   */
  preflight(request: { service: string; environment: string; version: string }): Promise<{ version: string; resolved: string }>;
  /** Starts a deploy; ToolFailure if one is already in progress for that service and environment. */
  deploy(request: DeployRequest): Promise<DeployRecord>;
  /** Starts a rollback to `toVersion`, or to the previous successful version when absent. */
  rollback(request: RollbackRequest): Promise<DeployRecord>;
  /** How often a follower should ask `get` (first interval, backing off to the last); a default applies when absent. */
  readonly pollSchedule?: { initialMs: number; maxMs: number };
}
