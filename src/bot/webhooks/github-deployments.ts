import type { DeploymentTracking, GitHubDeploymentStatus } from '../../backends/github/deployment-tracking.js';
import { deployId, type OpsbotPayload } from '../../backends/github/deployment-view.js';
import type { Config } from '../../config/schema.js';
import { canonicalJson, sha256 } from '../../util/canonical-json.js';
import type { GitHubEventHandler } from './github-source.js';
import { MalformedDelivery, type DeliveryOutcome } from './webhook-source.js';

/** What a delivery changed, for the receiver to post in the thread the deploy came from (`notify`). */
export type DeploymentDeliveryResult =
  | { handled: false; reason: string }
  | {
      handled: true;
      deployId: string;
      actionId: string | null;
      /** The deployment status or workflow run state now known. */
      state: string;
      text: string;
      /** Where the deploy was asked for (hubot-deploy's `notify`), when it came from Slack. */
      notify: { room: string; threadTs?: string } | null;
    };

/** Everything the handler needs: the store-backed tracking the GitHub deploys adapter reads, and the services (repository → name). */
export interface DeploymentDeliveryDependencies {
  tracking: DeploymentTracking;
  services: Config['services'];
}

/**
 * Handles one GitHub `deployment_status` or `workflow_run` delivery for a deploy opsbot started: records the status
 * (or run state) where the deploy's follower reads it, so a pushed status lands at its next look without waiting
 * for GitHub's list to show it, on whichever replica follows it. Polling works without any of this; deliveries
 * only make it quicker. Deliveries for deployments opsbot did not create are ignored.
 */
export async function handleDeploymentDelivery(event: string, payload: unknown, deps: DeploymentDeliveryDependencies): Promise<DeploymentDeliveryResult> {
  const body = (payload ?? {}) as DeliveryBody;
  const repository = body.repository?.full_name;
  if (!repository) return { handled: false, reason: 'delivery names no repository' };
  const service = deps.services.find((entry) => entry.repository?.toLowerCase() === repository.toLowerCase());
  if (!service) return { handled: false, reason: `${repository} is not a configured service's repository` };

  if (event === 'deployment_status') {
    const deployment = body.deployment;
    const status = body.deployment_status;
    if (!deployment || !status) return { handled: false, reason: 'deployment_status delivery without deployment or status' };
    const ours = (deployment.payload ?? {}) as OpsbotPayload;
    if (!ours.opsbot) return { handled: false, reason: `deployment ${deployment.id} was not created by opsbot` };
    const newer = await deps.tracking.recordPushedStatus(repository, deployment.id, status);
    if (!newer) return { handled: false, reason: `an equal or newer status of deployment ${deployment.id} is already known` };
    const links = [status.log_url || status.target_url, status.environment_url].filter(Boolean).join(', ');
    const said = status.description?.trim() ? `: ${status.description.trim()}` : '';
    return {
      handled: true,
      deployId: deployId(service.name, deployment.id),
      actionId: ours.opsbot.action_id ?? null,
      state: status.state,
      text: `${ours.opsbot.kind ?? 'deploy'} ${service.name} ${deployment.ref} to ${deployment.environment}: ${status.state}${said}${links ? ` (${links})` : ''}`,
      notify: notifyOf(ours),
    };
  }

  if (event === 'workflow_run') {
    const run = body.workflow_run;
    if (!run) return { handled: false, reason: 'workflow_run delivery without a run' };
    const deploymentId = await deps.tracking.deploymentOfRun(repository, run.id);
    if (deploymentId === undefined) return { handled: false, reason: `run ${run.id} is not one opsbot dispatched` };
    await deps.tracking.recordRun(repository, deploymentId, { id: run.id, url: run.html_url ?? null, status: run.status ?? null, conclusion: run.conclusion ?? null, updatedAt: run.updated_at ?? null });
    const state = run.status === 'completed' ? (run.conclusion ?? 'completed') : (run.status ?? 'unknown');
    return { handled: true, deployId: deployId(service.name, deploymentId), actionId: null, state, text: `workflow run ${run.id} for ${service.name}: ${state}${run.html_url ? ` (${run.html_url})` : ''}`, notify: null };
  }
  return { handled: false, reason: `event ${event} is not about deployments` };
}

/** What the receiver's deployment handlers need (a report for the deploy's thread goes through the outbox). */
export type DeploymentHandlersDependencies = DeploymentDeliveryDependencies;

/**
 * The `deployment_status` and `workflow_run` handlers for the GitHub source: each pushed status is recorded where
 * the deploy's follower reads it (so the action's outcome lands at the follower's next look, even before GitHub's
 * own list shows the status) and reported in the thread the deploy was asked for in.
 */
export function deploymentHandlers(deps: DeploymentHandlersDependencies): GitHubEventHandler[] {
  const handlerOf = (event: 'deployment_status' | 'workflow_run', relevant: (payload: DeliveryBody) => boolean): GitHubEventHandler<DeliveryBody> => ({
    event,
    identity: (body) => `${body.repository?.full_name} ${identityOf(event, body)}`,
    parse(payload) {
      const body = payload as DeliveryBody;
      if (typeof body.repository?.full_name !== 'string') throw new MalformedDelivery(`${event} delivery without repository.full_name`);
      return relevant(body) ? body : undefined;
    },
    handle: async (body) => report(await handleDeploymentDelivery(event, body, deps)),
  });
  return [
    handlerOf('deployment_status', (body) => {
      if (!isObject(body.deployment) || typeof body.deployment.id !== 'number' || !isObject(body.deployment_status) || typeof body.deployment_status.state !== 'string') {
        throw new MalformedDelivery('deployment_status delivery without deployment.id or deployment_status.state');
      }
      // Only deployments opsbot created carry its payload; anyone else's are not opsbot's to report.
      return isObject(body.deployment.payload) && isObject((body.deployment.payload as OpsbotPayload).opsbot);
    }),
    handlerOf('workflow_run', (body) => {
      if (!isObject(body.workflow_run) || typeof body.workflow_run.id !== 'number') throw new MalformedDelivery('workflow_run delivery without workflow_run.id');
      return true;
    }),
  ];
}

function report(result: DeploymentDeliveryResult): DeliveryOutcome {
  if (!result.handled) return { outcome: 'ignored', detail: result.reason };
  const what = `${result.deployId} ${result.state}`;
  if (!result.notify) return { outcome: 'updated', detail: `${what} (asked for outside Slack)` };
  const { room, threadTs } = result.notify;
  return { outcome: 'queued', detail: `${what} for ${room}`, messages: [{ purpose: 'deploy-report', channel: room, ...(threadTs ? { threadTs } : {}), content: { text: [result.text] } }] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notifyOf(payload: OpsbotPayload): { room: string; threadTs?: string } | null {
  const notify = payload.notify;
  if (!notify?.room) return null;
  return { room: notify.room, ...(notify.thread_ts ? { threadTs: notify.thread_ts } : {}) };
}

/** The fields of GitHub's `deployment_status` and `workflow_run` delivery bodies this handler reads. */
/** A deployment status is one status id; a workflow run's deliveries differ by attempt, action and state. */
function identityOf(event: 'deployment_status' | 'workflow_run', body: DeliveryBody): string {
  if (event === 'deployment_status') return `deployment ${body.deployment?.id} status ${body.deployment_status?.id ?? sha256(canonicalJson(body.deployment_status ?? {}))}`;
  const run = body.workflow_run;
  return `run ${run?.id} attempt ${run?.run_attempt ?? 1} ${body.action ?? '-'} ${run?.status ?? '-'} ${run?.conclusion ?? '-'}`;
}

interface DeliveryBody {
  action?: string;
  repository?: { full_name?: string };
  deployment?: { id: number; ref: string; environment: string; payload?: unknown };
  deployment_status?: GitHubDeploymentStatus;
  workflow_run?: { id: number; run_attempt?: number; status?: string | null; conclusion?: string | null; html_url?: string; updated_at?: string };
}
