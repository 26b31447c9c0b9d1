import type { DeployRecord } from '../ports/deploys.js';
import type { GitHubDeploymentStatus, TrackedRun } from './deployment-tracking.js';

/** The slice of a GitHub deployment opsbot reads. */
export interface GitHubDeployment {
  id: number;
  ref: string;
  sha: string;
  environment: string;
  created_at: string;
  url?: string;
  payload?: unknown;
  creator?: { login: string } | null;
}

/** What opsbot writes into a deployment's payload (hubot-deploy's `notify` idea): who asked, who approved, where to report. */
export interface OpsbotPayload {
  opsbot?: { action_id?: string | null; kind?: 'deploy' | 'rollback'; requested_by?: string; approved_by?: string | null; forced?: boolean; previous_version?: string | null };
  notify?: { adapter?: string; room?: string; thread_ts?: string; user?: string };
}

// Statuses in the order a deployer reports them; progress is only a rough guide for the thread.
const PROGRESS: Record<string, number> = { pending: 0.05, queued: 0.1, in_progress: 0.5 };
const FAILED_RUN = new Set(['failure', 'cancelled', 'timed_out', 'startup_failure', 'action_required']);

/**
 * One deployment as the port reports it. Statuses are newest first (as GitHub lists them). A deployment that has
 * heard nothing new (no status, no run change) for `timeoutMs` is `unknown`: silence is never success.
 */
export function viewDeployment(input: {
  service: string;
  repository: string;
  deployment: GitHubDeployment;
  statuses: GitHubDeploymentStatus[];
  run?: TrackedRun;
  now: Date;
  timeoutMs: number;
  webUrl: string;
}): DeployRecord {
  const { deployment, statuses, run } = input;
  const payload = (typeof deployment.payload === 'object' && deployment.payload !== null ? deployment.payload : {}) as OpsbotPayload;
  const opsbot = payload.opsbot ?? {};
  const latest = statuses[0];
  const withUrls = statuses.find((status) => status.log_url || status.target_url || status.environment_url);
  const base = {
    id: deployId(input.service, deployment.id),
    kind: opsbot.kind ?? 'deploy',
    service: input.service,
    environment: deployment.environment,
    version: deployment.ref,
    previousVersion: opsbot.previous_version ?? null,
    requestedBy: opsbot.requested_by ?? deployment.creator?.login ?? 'unknown',
    approvedBy: opsbot.approved_by ?? null,
    startedAt: deployment.created_at,
    url: `${input.webUrl}/${input.repository}/deployments/${encodeURIComponent(deployment.environment)}`,
    logUrl: withUrls?.log_url ?? withUrls?.target_url ?? run?.url ?? null,
    environmentUrl: statuses.find((status) => status.environment_url)?.environment_url ?? null,
    ...(opsbot.forced ? { forced: true } : {}),
  } satisfies Partial<DeployRecord>;
  const said = (status: GitHubDeploymentStatus) => status.description?.trim() || status.state;

  if (statuses.some((status) => status.state === 'success')) {
    // `inactive` after `success` only means a newer deployment replaced this one.
    const success = statuses.find((status) => status.state === 'success')!;
    return { ...base, state: 'succeeded', progress: 1, finishedAt: success.created_at, message: said(success) };
  }
  if (latest && (latest.state === 'failure' || latest.state === 'error' || latest.state === 'inactive')) {
    return { ...base, state: 'failed', progress: PROGRESS[statuses[1]?.state ?? ''] ?? 0, finishedAt: latest.created_at, message: `${latest.state}: ${said(latest)}` };
  }
  if (run?.status === 'completed' && run.conclusion && FAILED_RUN.has(run.conclusion)) {
    return { ...base, state: 'failed', progress: PROGRESS[latest?.state ?? ''] ?? 0, finishedAt: run.updatedAt ?? null, message: `workflow run ${run.id} ended ${run.conclusion}` };
  }
  const heard = [deployment.created_at, latest?.created_at, run?.updatedAt].filter((at): at is string => Boolean(at)).sort().at(-1)!;
  if (input.now.getTime() - Date.parse(heard) > input.timeoutMs) {
    const minutes = Math.round(input.timeoutMs / 60_000);
    return { ...base, state: 'unknown', progress: PROGRESS[latest?.state ?? ''] ?? 0, finishedAt: null, message: `no deployment status for ${minutes} min (last: ${latest ? said(latest) : 'none'} at ${heard})` };
  }
  const waiting = latest ? `${latest.state}: ${said(latest)}` : run ? `workflow run ${run.id} ${run.status ?? 'started'}` : 'waiting for a deployer to pick it up';
  return { ...base, state: 'in_progress', progress: PROGRESS[latest?.state ?? ''] ?? 0, finishedAt: null, message: waiting };
}

/** `gh-frontend-1234`: the service (to find its repository) and GitHub's deployment id. */
export function deployId(service: string, deploymentId: number): string {
  return `gh-${service}-${deploymentId}`;
}

export function parseDeployId(id: string): { service: string; deploymentId: number } | null {
  const match = /^gh-(.+)-(\d+)$/.exec(id);
  return match ? { service: match[1]!, deploymentId: Number(match[2]) } : null;
}
