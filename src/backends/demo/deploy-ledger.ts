import type { DeployRecord } from '../ports/deploys.js';

/**
 * The simulated deploy system's record of one deploy: when it started, how long it takes and how it will end.
 * Its state at any moment is computed from the clock (see `viewDeploy`), never by a timer, so a deploy started
 * by one process has finished when another process reads it later.
 */
export interface StoredDeploy extends Pick<DeployRecord, 'id' | 'kind' | 'service' | 'environment' | 'version' | 'previousVersion' | 'requestedBy' | 'startedAt' | 'approvedBy' | 'forced'> {
  durationSeconds: number;
  /** Decided when the deploy starts (broken versions fail), so every reader sees the same ending. */
  outcome: 'succeeded' | 'failed';
  /** Fraction of instances updated when a failing deploy's health checks give up. */
  failsAt: number;
}

/** All deploys of one service (every environment), oldest first: one kv document per service. */
export interface DeployLedger {
  service: string;
  nextNumber: number;
  deploys: StoredDeploy[];
}

/** Fraction of instances at which a broken version's health checks fail. */
export const FAILURE_POINT = 0.6;

/** When a stored deploy ends (succeeds or fails), in epoch milliseconds. */
export function finishTime(deploy: StoredDeploy): number {
  const fraction = deploy.outcome === 'failed' ? deploy.failsAt : 1;
  return Date.parse(deploy.startedAt) + fraction * deploy.durationSeconds * 1000;
}

/** The deploy as the port reports it at time `at`. */
export function viewDeploy(deploy: StoredDeploy, at: Date): DeployRecord {
  const started = Date.parse(deploy.startedAt);
  const elapsed = Math.max(0, at.getTime() - started);
  const rawProgress = deploy.durationSeconds > 0 ? elapsed / (deploy.durationSeconds * 1000) : 1;
  const base = {
    id: deploy.id,
    kind: deploy.kind,
    service: deploy.service,
    environment: deploy.environment,
    version: deploy.version,
    previousVersion: deploy.previousVersion,
    requestedBy: deploy.requestedBy,
    startedAt: deploy.startedAt,
    // Older stored records (and the seeded past) carry neither field.
    ...(deploy.approvedBy !== undefined ? { approvedBy: deploy.approvedBy } : {}),
    ...(deploy.forced ? { forced: true } : {}),
  };
  const verb = deploy.kind === 'rollback' ? 'Rolling back to' : 'Rolling out';
  if (deploy.outcome === 'failed' && rawProgress >= deploy.failsAt) {
    const percent = Math.round(deploy.failsAt * 100);
    // Which version still runs is said once, by whoever reports the failure (deploy-follow.ts).
    const keeps = deploy.previousVersion ? '; instances reverted' : '';
    return {
      ...base,
      state: 'failed',
      progress: deploy.failsAt,
      finishedAt: new Date(finishTime(deploy)).toISOString(),
      message: `health checks failed at ${percent}% of instances (${deploy.version} answered HTTP 503 on /healthz)${keeps}`,
    };
  }
  if (rawProgress >= 1) {
    return { ...base, state: 'succeeded', progress: 1, finishedAt: new Date(finishTime(deploy)).toISOString(), message: `${deploy.version} is live on all instances in ${deploy.environment}` };
  }
  const progress = Math.round(rawProgress * 100) / 100;
  return { ...base, state: 'in_progress', progress, finishedAt: null, message: `${verb} ${deploy.version} in ${deploy.environment}: ${Math.round(progress * 100)}% of instances updated` };
}

/** Deploys of one environment as seen at `at`, newest first. */
export function environmentHistory(ledger: DeployLedger, environment: string, at: Date): DeployRecord[] {
  return ledger.deploys
    .filter((deploy) => deploy.environment === environment)
    .reverse()
    .map((deploy) => viewDeploy(deploy, at));
}

/** The version running at `at` (the last succeeded deploy) and the deploy in progress, if any. */
export function runningState(ledger: DeployLedger, environment: string, at: Date): { version: string | null; inProgress: DeployRecord | null } {
  const history = environmentHistory(ledger, environment, at);
  return {
    version: history.find((deploy) => deploy.state === 'succeeded')?.version ?? null,
    inProgress: history.find((deploy) => deploy.state === 'in_progress') ?? null,
  };
}
