import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDeployId } from '../../../src/backends/github/deployment-view.js';
import type { ResolveOutcome } from '../../../src/actions/outcomes.js';
import type { PendingAction } from '../../../src/actions/pending-action.js';
import { SLACK, gitHubDeploysFixture, waitFor } from './github-deploys-fixture.js';

let fixture: Awaited<ReturnType<typeof gitHubDeploysFixture>>;

afterEach(async () => {
  await fixture.close();
});

/** Proposes through the gateway as `requester`; returns the pending action (fails the test when it is not pending). */
async function propose(tool: string, args: Record<string, unknown>, requester = 'U00LEAD'): Promise<PendingAction> {
  const outcome = await fixture.opsbot.gateway.call({ tool, args, actor: requester, origin: SLACK });
  if (outcome.status !== 'pending') throw new Error(`expected a pending action, got ${outcome.status}: ${outcome.text}`);
  return outcome.action;
}

/** Confirms in the background, collecting the progress lines the thread would show. */
function confirm(action: PendingAction, approver: string): { done: Promise<ResolveOutcome>; progress: string[] } {
  const progress: string[] = [];
  return { progress, done: fixture.opsbot.gateway.confirm(action.id, approver, SLACK, { progress: (line) => progress.push(line) }) };
}

async function newDeployment(count: number) {
  return waitFor(() => fixture.github.deployments[count - 1], 'the deployment');
}

describe('GitHub deploys through the gateway', () => {
  beforeEach(async () => {
    fixture = await gitHubDeploysFixture();
  });

  async function seedRunning(version: string) {
    const started = await fixture.deploys.deploy({ service: 'frontend', environment: 'production', version, requestedBy: 'U00LEAD' });
    fixture.github.addStatus(parseDeployId(started.id)!.deploymentId, 'success');
  }

  it('deploys to production approved by a second lead: deployment, statuses in the thread, success as the outcome', async () => {
    await seedRunning('v2.3.1');
    const action = await propose('deploy', { service: 'frontend', environment: 'production', version: 'v2.4.0' });
    expect(action.preview).toMatchObject({ current: 'v2.3.1', proposed: 'v2.4.0', resolved: 'tag v2.4.0 at 2222222' });
    const run = confirm(action, 'U00LEAD2');
    const deployment = await newDeployment(2);
    expect(deployment.requestBody).toMatchObject({ ref: 'v2.4.0', environment: 'production', task: 'deploy', auto_merge: false, production_environment: true });
    expect(deployment.requestBody).not.toHaveProperty('required_contexts');
    expect(deployment.payload).toMatchObject({
      opsbot: { action_id: action.id, requested_by: 'U00LEAD', approved_by: 'U00LEAD2', kind: 'deploy', forced: false, previous_version: 'v2.3.1' },
      notify: { adapter: 'slack', room: 'C0DEPLOYS', thread_ts: '1700000000.000100', user: 'U00LEAD' },
    });
    fixture.github.addStatus(deployment.id, 'queued');
    await waitFor(() => run.progress.length > 0, 'progress');
    fixture.github.addStatus(deployment.id, 'in_progress', { description: 'rolling out', log_url: 'https://github.example/acme/frontend/actions/runs/7' });
    await waitFor(() => run.progress.some((line) => line.includes('actions/runs/7')), 'the log link');
    fixture.github.addStatus(deployment.id, 'success', { environment_url: 'https://frontend.example.com' });
    const outcome = await run.done;
    expect(outcome.action?.state).toBe('succeeded');
    expect(outcome.text).toContain('v2.3.1 → v2.4.0');
    expect(outcome.text).toContain('https://frontend.example.com');
    const history = await fixture.opsbot.gateway.call({ tool: 'deploy_history', args: { service: 'frontend', environment: 'production' }, actor: 'U00DEV', origin: SLACK });
    expect(history.text).toMatch(/v2\.3\.1 → v2\.4\.0 succeeded by U00LEAD, approved by U00LEAD2/);
  });

  it('lands a failure status as the failed outcome, with the log link', async () => {
    await seedRunning('v2.3.1');
    const action = await propose('deploy', { service: 'frontend', environment: 'staging', version: 'v2.4.0' });
    const run = confirm(action, 'U00LEAD');
    const deployment = await newDeployment(2);
    expect(deployment.production_environment).toBe(false);
    fixture.github.addStatus(deployment.id, 'failure', { description: 'smoke tests failed', log_url: 'https://github.example/logs/9' });
    const outcome = await run.done;
    expect(outcome.action?.state).toBe('failed');
    expect(outcome.text).toContain('smoke tests failed');
    expect(outcome.text).toContain('https://github.example/logs/9');
  });

  it('refuses an unknown ref before anyone is asked to confirm', async () => {
    const outcome = await fixture.opsbot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v9.9.9' }, actor: 'U00LEAD', origin: SLACK });
    expect(outcome.status).toBe('invalid');
    expect(outcome.text).toContain('no tag, branch or commit called "v9.9.9"');
    expect(await fixture.opsbot.gateway.listActions()).toHaveLength(0);
  });

  it('names the failing and pending checks on a 409, and a lead forcing deploys with required_contexts []', async () => {
    fixture.github.setCommitStatus('2222222222222222222222222222222222222222', 'ci/build', 'failure');
    fixture.github.checkRuns.set('2222222222222222222222222222222222222222', [{ name: 'e2e', status: 'in_progress', conclusion: null }]);
    const plain = await propose('deploy', { service: 'frontend', environment: 'staging', version: 'v2.4.0' }, 'U00DEV');
    const refused = await confirm(plain, 'U00DEV').done;
    expect(refused.action?.state).toBe('failed');
    expect(refused.text).toContain('failing: ci/build (failure)');
    expect(refused.text).toContain('pending: e2e');
    expect(fixture.github.deployments).toHaveLength(0);

    // A developer may not force; a lead may, and the card says so.
    const denied = await fixture.opsbot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'staging', version: 'v2.4.0', force: true }, actor: 'U00DEV', origin: SLACK });
    expect(denied.status).toBe('denied');
    expect(denied.text).toContain('deploy:force');
    const forced = await propose('deploy', { service: 'frontend', environment: 'staging', version: 'v2.4.0', force: true });
    expect(forced.summary).toBe('force-deploy frontend v2.4.0 to staging');
    expect(forced.preview?.forced).toContain('required checks');
    const run = confirm(forced, 'U00LEAD');
    const deployment = await newDeployment(1);
    expect(deployment.requestBody.required_contexts).toEqual([]);
    expect(deployment.payload).toMatchObject({ opsbot: { forced: true } });
    fixture.github.addStatus(deployment.id, 'success');
    expect((await run.done).text).toContain('(forced)');
  });

  it('looks the checks up itself when the 409 body does not name them', async () => {
    fixture.github.namesContextsInConflict = false;
    fixture.github.setCommitStatus('2222222222222222222222222222222222222222', 'ci/lint', 'error');
    const action = await propose('deploy', { service: 'frontend', environment: 'staging', version: 'main' }, 'U00DEV');
    expect(action.preview?.resolved).toBe('branch main at 2222222');
    const outcome = await confirm(action, 'U00DEV').done;
    expect(outcome.text).toContain('failing: ci/lint (error)');
  });

  it('rolls back to the previous successful ref, shown as current → target', async () => {
    await seedRunning('v2.3.1');
    await seedRunning('v2.4.0');
    const action = await propose('rollback', { service: 'frontend', environment: 'production' });
    expect(action.preview).toEqual({ current: 'v2.4.0', proposed: 'v2.3.1' });
    const run = confirm(action, 'U00LEAD2');
    const deployment = await newDeployment(3);
    expect(deployment.ref).toBe('v2.3.1');
    expect(deployment.payload).toMatchObject({ opsbot: { kind: 'rollback', previous_version: 'v2.4.0' } });
    fixture.github.addStatus(deployment.id, 'success');
    expect((await run.done).text).toContain('Rolled back frontend v2.4.0 → v2.3.1');
  });

  it('refuses a second deploy while one is in progress, with a link to the first', async () => {
    await seedRunning('v2.3.1');
    await fixture.deploys.deploy({ service: 'frontend', environment: 'production', version: 'v2.4.0', requestedBy: 'U00LEAD' });
    const second = await fixture.opsbot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.5.0' }, actor: 'U00LEAD2', origin: SLACK });
    expect(second.status).toBe('invalid');
    expect(second.text).toMatch(/in progress in production: v2\.4\.0 \(gh-frontend-\d+/);
    expect(second.text).toContain('/acme/frontend/deployments/production');
  });

  it('waits out a secondary rate limit for the time GitHub names in retry-after', async () => {
    fixture.github.rateLimitNext(1);
    const state = await fixture.deploys.current('frontend', 'production');
    expect(state.version).toBeNull();
    const limited = fixture.github.requests.filter((request) => request.path === '/repos/acme/frontend/deployments');
    expect(limited.length).toBe(2);
  });
});

describe('GitHub deploys: statuses that stop arriving', () => {
  beforeEach(async () => {
    fixture = await gitHubDeploysFixture({ statusTimeoutMinutes: 10 });
  });

  it('ends as outcome_unknown after the configured time, never as success', async () => {
    const action = await propose('deploy', { service: 'frontend', environment: 'staging', version: 'v2.4.0' });
    const run = confirm(action, 'U00LEAD');
    const deployment = await newDeployment(1);
    fixture.github.addStatus(deployment.id, 'in_progress', { description: 'rolling out' });
    await waitFor(() => run.progress.length > 0, 'progress');
    fixture.clock.advance(11 * 60_000);
    const outcome = await run.done;
    expect(outcome.action?.state).toBe('outcome_unknown');
    expect(outcome.text).toMatch(/stopped reporting .*no deployment status for 10 min/);
    // The stuck deployment no longer blocks the next one.
    expect((await fixture.deploys.current('frontend', 'staging')).inProgress).toBeNull();
  });
});

describe('GitHub deploys with a workflow', () => {
  beforeEach(async () => {
    fixture = await gitHubDeploysFixture({ workflow: 'deploy.yml' });
  });

  it('dispatches the workflow with the deployment id and follows the run it returns', async () => {
    const action = await propose('deploy', { service: 'frontend', environment: 'staging', version: 'v2.4.0' });
    const run = confirm(action, 'U00LEAD');
    const deployment = await newDeployment(1);
    const dispatched = await waitFor(() => fixture.github.runs[0], 'the run');
    expect(dispatched.inputs).toEqual({ environment: 'staging', ref: 'v2.4.0', deployment_id: String(deployment.id) });
    const body = fixture.github.requests.find((request) => request.path.endsWith('/dispatches'))!.body;
    expect(body).toMatchObject({ ref: 'v2.4.0', return_run_details: true });
    // The run fails before it reports any deployment status: the deploy failed.
    Object.assign(dispatched, { status: 'completed', conclusion: 'failure', updated_at: fixture.clock.now().toISOString() });
    const outcome = await run.done;
    expect(outcome.action?.state).toBe('failed');
    expect(outcome.text).toContain(`workflow run ${dispatched.id} ended failure`);
  });

  it('falls back when the server refuses return_run_details, finding the run by listing', async () => {
    fixture.github.supportsRunDetails = false;
    const action = await propose('deploy', { service: 'frontend', environment: 'staging', version: 'v2.4.0' });
    const run = confirm(action, 'U00LEAD');
    const deployment = await newDeployment(1);
    const dispatched = await waitFor(() => fixture.github.runs[0], 'the run');
    const dispatches = fixture.github.requests.filter((request) => request.path.endsWith('/dispatches'));
    expect(dispatches.map((request) => 'return_run_details' in (request.body ?? {}))).toEqual([true, false]);
    await waitFor(() => run.progress.some((line) => line.includes(dispatched.html_url)), 'the run link');
    fixture.github.addStatus(deployment.id, 'success');
    expect((await run.done).action?.state).toBe('succeeded');
  });
});
