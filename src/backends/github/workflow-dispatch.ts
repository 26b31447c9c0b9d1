import type { Octokit } from '@octokit/rest';
import type { TrackedRun } from './deployment-tracking.js';
import { gitHubMessage, statusOf } from './github-client.js';

/**
 * Dispatches the deploy workflow for one deployment (inputs: environment, ref, deployment_id). Asks GitHub for the
 * run's details (`return_run_details`); a server that does not know the field (older GitHub Enterprise) refuses
 * it with 422, and the dispatch is repeated without it, the run then found by listing the workflow's runs.
 */
export async function dispatchWorkflow(
  octokit: Octokit,
  request: { repository: string; workflow: string; ref: string; environment: string; deploymentId: number; now: Date },
): Promise<TrackedRun | undefined> {
  const [owner, repo] = request.repository.split('/') as [string, string];
  const body = { owner, repo, workflow_id: request.workflow, ref: request.ref, inputs: { environment: request.environment, ref: request.ref, deployment_id: String(request.deploymentId) } };
  const route = 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
  try {
    const answer = await octokit.request(route, { ...body, return_run_details: true });
    const details = (answer.data ?? {}) as { workflow_run_id?: number; html_url?: string };
    if (details.workflow_run_id) return { id: details.workflow_run_id, url: details.html_url ?? null, status: 'queued' };
  } catch (error) {
    if (!(statusOf(error) === 422 && /return_run_details/.test(gitHubMessage(error)))) throw error;
    await octokit.request(route, body);
  }
  return findDispatchedRun(octokit, { owner, repo, workflow: request.workflow, since: request.now });
}

/** The newest dispatched run of the workflow created since the dispatch (minus clock skew); undefined until it shows. */
export async function findDispatchedRun(octokit: Octokit, query: { owner: string; repo: string; workflow: string; since: Date }): Promise<TrackedRun | undefined> {
  const since = new Date(query.since.getTime() - 60_000).toISOString();
  const runs = await octokit.rest.actions.listWorkflowRuns({ owner: query.owner, repo: query.repo, workflow_id: query.workflow, event: 'workflow_dispatch', created: `>=${since}`, per_page: 5 });
  const run = runs.data.workflow_runs[0];
  return run ? { id: run.id, url: run.html_url, status: run.status, conclusion: run.conclusion, updatedAt: run.updated_at } : undefined;
}

/** The run's current state, for a deploy that is still in progress. */
export async function refreshRun(octokit: Octokit, repository: string, run: TrackedRun): Promise<TrackedRun> {
  const [owner, repo] = repository.split('/') as [string, string];
  const answer = await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: run.id });
  return { id: run.id, url: answer.data.html_url, status: answer.data.status, conclusion: answer.data.conclusion, updatedAt: answer.data.updated_at };
}
