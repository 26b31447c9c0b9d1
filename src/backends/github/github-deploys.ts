import type { Octokit } from '@octokit/rest';
import type { Config } from '../../config/schema.js';
import { OutcomeUnknown, ToolFailure } from '../../errors.js';
import type { DeployRecord, DeployRequest, DeploysPort, RollbackRequest } from '../ports/deploys.js';
import { describeRef, resolveRef } from './deploy-refs.js';
import { DeploymentTracking, type GitHubDeploymentStatus } from './deployment-tracking.js';
import { type GitHubDeployment, type OpsbotPayload, parseDeployId, viewDeployment } from './deployment-view.js';
import { gitHubClient, readableGitHubError, statusOf, webUrlOf } from './github-client.js';
import { blockingChecks, describeChecks } from './required-checks.js';
import { dispatchWorkflow, findDispatchedRun, refreshRun } from './workflow-dispatch.js';

/** Where and how the GitHub deploys adapter works. */
export interface GitHubDeploysOptions {
  config: Pick<Config, 'services' | 'environments'>;
  token: string;
  apiUrl?: string;
  /** Also dispatch this workflow for each deployment. */
  workflow?: string;
  /** A deployment with no news for this long ends as `unknown`. */
  statusTimeoutMinutes: number;
  tracking?: DeploymentTracking;
  now?: () => Date;
  /** Follower polling: GitHub's rate limits want seconds, tests want milliseconds. */
  pollSchedule?: { initialMs: number; maxMs: number };
  sleep?: (ms: number) => Promise<void>;
}

// Deployments looked at to find the running version, the previous good one, or one in progress.
const SCANNED = 30;

/** DeploysPort over GitHub Deployments (and, optionally, an Actions workflow that carries them out). */
export class GitHubDeploys implements DeploysPort {
  readonly pollSchedule: { initialMs: number; maxMs: number };
  private readonly octokit: Octokit;
  private readonly tracking: DeploymentTracking;
  private readonly now: () => Date;
  private readonly webUrl: string;

  constructor(private readonly options: GitHubDeploysOptions) {
    this.octokit = gitHubClient({ token: options.token, apiUrl: options.apiUrl, sleep: options.sleep });
    this.tracking = options.tracking ?? new DeploymentTracking();
    this.now = options.now ?? (() => new Date());
    this.webUrl = webUrlOf(options.apiUrl);
    this.pollSchedule = options.pollSchedule ?? { initialMs: 2_000, maxMs: 30_000 };
  }

  async current(service: string, environment: string): Promise<{ version: string | null; inProgress: DeployRecord | null }> {
    const records = await this.records(service, environment, SCANNED);
    return { version: records.find((record) => record.state === 'succeeded')?.version ?? null, inProgress: records.find((record) => record.state === 'in_progress') ?? null };
  }

  async history(service: string, environment: string | undefined, limit: number): Promise<DeployRecord[]> {
    return this.records(service, environment, Math.max(0, Math.min(limit, 100)));
  }

  async get(id: string): Promise<DeployRecord | null> {
    const parsed = parseDeployId(id);
    if (!parsed || !this.options.config.services.some((service) => service.name === parsed.service)) return null;
    const repository = this.repositoryOf(parsed.service);
    return this.guard('read the deployment', repository, async () => {
      try {
        const { data } = await this.octokit.rest.repos.getDeployment({ ...split(repository), deployment_id: parsed.deploymentId });
        return await this.view(parsed.service, repository, data as GitHubDeployment, { followRun: true });
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    });
  }

  async preflight(request: { service: string; environment: string; version: string }): Promise<{ version: string; resolved: string }> {
    const repository = this.repositoryOf(request.service);
    return this.guard('check the deploy', repository, async () => {
      const resolved = await resolveRef(this.octokit, repository, request.version);
      await this.refuseWhileBusy(request.service, request.environment);
      return { version: resolved.ref, resolved: describeRef(resolved) };
    });
  }

  async deploy(request: DeployRequest): Promise<DeployRecord> {
    const repository = this.repositoryOf(request.service);
    const { ref, previous } = await this.guard('start the deploy', repository, async () => {
      const resolved = await resolveRef(this.octokit, repository, request.version);
      const state = await this.refuseWhileBusy(request.service, request.environment);
      return { ref: resolved.ref, previous: state.version };
    });
    return this.start(repository, { ...request, kind: 'deploy', ref, previous });
  }

  async rollback(request: RollbackRequest): Promise<DeployRecord> {
    const repository = this.repositoryOf(request.service);
    const { ref, previous } = await this.guard('start the rollback', repository, async () => {
      const records = await this.records(request.service, request.environment, SCANNED);
      if (records.some((record) => record.state === 'in_progress')) await this.refuseWhileBusy(request.service, request.environment);
      const running = records.find((record) => record.state === 'succeeded')?.version ?? null;
      const succeeded = [...new Set(records.filter((record) => record.state === 'succeeded').map((record) => record.version))].filter((version) => version !== running);
      const target = request.toVersion ?? succeeded[0];
      if (!target) throw new ToolFailure(`${request.service} has no earlier successful deployment in ${request.environment} to roll back to.`);
      if (target === running) throw new ToolFailure(`${request.service} ${target} is already running in ${request.environment}.`);
      // A named target must resolve; the previous good one is by definition a ref GitHub deployed before.
      return { ref: request.toVersion ? (await resolveRef(this.octokit, repository, target)).ref : target, previous: running };
    });
    return this.start(repository, { ...request, kind: 'rollback', ref, previous, force: false });
  }

  /** Creates the deployment (and dispatches the workflow). A 5xx after the request left is an unknown outcome, not a failure. */
  private async start(repository: string, request: Omit<DeployRequest, 'version'> & { kind: 'deploy' | 'rollback'; ref: string; previous: string | null }): Promise<DeployRecord> {
    const origin = request.origin;
    const payload: OpsbotPayload = {
      opsbot: { action_id: request.actionId ?? null, kind: request.kind, requested_by: request.requestedBy, approved_by: request.approvedBy ?? null, forced: request.force === true, previous_version: request.previous },
      ...(origin?.frontEnd === 'slack' && origin.channel ? { notify: { adapter: 'slack', room: origin.channel, ...(origin.threadTs ? { thread_ts: origin.threadTs } : {}), user: request.requestedBy } } : {}),
    };
    let deployment: GitHubDeployment;
    try {
      const created = await this.octokit.rest.repos.createDeployment({
        ...split(repository),
        ref: request.ref,
        environment: request.environment,
        task: 'deploy',
        auto_merge: false,
        payload: payload as unknown as Record<string, unknown>,
        description: `opsbot ${request.kind} by ${request.requestedBy}${request.force ? ' (forced)' : ''}`,
        production_environment: request.environment === 'production',
        ...(request.force ? { required_contexts: [] } : {}),
      });
      if (created.status !== 201) throw new ToolFailure(`GitHub did not create a deployment of ${request.ref}: ${(created.data as { message?: string }).message ?? created.status}.`);
      deployment = created.data as GitHubDeployment;
    } catch (error) {
      if (error instanceof ToolFailure) throw error;
      const status = statusOf(error);
      if (status === 409) {
        const checks = await blockingChecks(this.octokit, repository, request.ref, error);
        throw new ToolFailure(`GitHub refused to deploy ${request.service} ${request.ref} to ${request.environment}: required checks are not green (${describeChecks(checks)}). Fix them, or a lead can force it with deploy!.`, { checks });
      }
      if (status === undefined || status >= 500) throw new OutcomeUnknown(`GitHub did not answer clearly whether it created the deployment of ${request.service} ${request.ref} (${status ?? 'no answer'}); check ${repository}'s deployments before trying again.`);
      throw readableGitHubError(`create a deployment of ${request.ref}`, repository, error);
    }
    if (this.options.workflow) await this.dispatch(repository, deployment);
    return this.view(request.service, repository, deployment, { followRun: false });
  }

  private async dispatch(repository: string, deployment: GitHubDeployment): Promise<void> {
    try {
      const run = await dispatchWorkflow(this.octokit, { repository, workflow: this.options.workflow!, ref: deployment.ref, environment: deployment.environment, deploymentId: deployment.id, now: this.now() });
      if (run) await this.tracking.recordRun(repository, deployment.id, run);
    } catch (error) {
      // Nobody will carry out this deployment: say so on GitHub as well, so it does not look pending forever.
      const reason = readableGitHubError(`dispatch workflow ${this.options.workflow}`, repository, error).message;
      await this.octokit.rest.repos.createDeploymentStatus({ ...split(repository), deployment_id: deployment.id, state: 'error', description: reason.slice(0, 140) }).catch(() => undefined);
      throw new ToolFailure(`Created deployment ${deployment.id} but could not start its workflow: ${reason}`);
    }
  }

  private async records(service: string, environment: string | undefined, limit: number): Promise<DeployRecord[]> {
    const repository = this.repositoryOf(service);
    if (limit === 0) return [];
    return this.guard('read deployments', repository, async () => {
      const list = await this.octokit.rest.repos.listDeployments({ ...split(repository), ...(environment ? { environment } : {}), task: 'deploy', per_page: limit });
      const ours = (list.data as GitHubDeployment[]).filter((deployment) => this.options.config.environments.includes(deployment.environment));
      return Promise.all(ours.map((deployment) => this.view(service, repository, deployment, { followRun: false })));
    });
  }

  private async view(service: string, repository: string, deployment: GitHubDeployment, options: { followRun: boolean }): Promise<DeployRecord> {
    const listed = await this.octokit.rest.repos.listDeploymentStatuses({ ...split(repository), deployment_id: deployment.id, per_page: 100 });
    const statuses = mergePushed(listed.data as GitHubDeploymentStatus[], await this.tracking.pushedStatus(repository, deployment.id));
    let run = await this.tracking.run(repository, deployment.id);
    if (options.followRun && this.options.workflow && run?.status !== 'completed' && !statuses.some((status) => ['success', 'failure', 'error'].includes(status.state))) {
      // A dispatch without run details leaves the run to be found; a known run is read for its conclusion.
      const fresh = run ? await refreshRun(this.octokit, repository, run) : await findDispatchedRun(this.octokit, { ...split(repository), workflow: this.options.workflow, since: new Date(deployment.created_at) });
      if (fresh) await this.tracking.recordRun(repository, deployment.id, (run = fresh));
    }
    return viewDeployment({ service, repository, deployment, statuses, run, now: this.now(), timeoutMs: this.options.statusTimeoutMinutes * 60_000, webUrl: this.webUrl });
  }

  /** One deploy at a time per service and environment: a second is refused with a link to the first. */
  private async refuseWhileBusy(service: string, environment: string): Promise<{ version: string | null }> {
    const state = await this.current(service, environment);
    const busy = state.inProgress;
    if (busy) {
      throw new ToolFailure(`${service} already has a ${busy.kind} in progress in ${environment}: ${busy.version} (${busy.id}, started by ${busy.requestedBy} at ${busy.startedAt}, ${busy.logUrl ?? busy.url}). Wait for it to finish.`);
    }
    return state;
  }

  private repositoryOf(service: string): string {
    const found = this.options.config.services.find((entry) => entry.name === service);
    if (!found) throw new ToolFailure(`Unknown service "${service}".`);
    if (!found.repository) throw new ToolFailure(`${service} has no repository in the configuration, so it cannot be deployed through GitHub; add services[].repository.`);
    return found.repository;
  }

  private async guard<T>(what: string, repository: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw readableGitHubError(what, repository, error);
    }
  }
}

/** A status pushed by a delivery that the REST list does not show yet goes first (the list is newest first). */
function mergePushed(listed: GitHubDeploymentStatus[], pushed: GitHubDeploymentStatus | undefined): GitHubDeploymentStatus[] {
  if (!pushed || listed.some((status) => status.id === pushed.id)) return listed;
  return [pushed, ...listed].sort((left, right) => right.created_at.localeCompare(left.created_at) || right.id - left.id);
}

function split(repository: string): { owner: string; repo: string } {
  const [owner, repo] = repository.split('/') as [string, string];
  return { owner, repo };
}
