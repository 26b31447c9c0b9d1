import { sign } from '@octokit/webhooks-methods';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeploymentTracking } from '../../../src/backends/github/deployment-tracking.js';
import { handleSignedDeploymentDelivery } from '../../../src/bot/webhooks/github-deployments.js';
import { KvRepository } from '../../../src/store/kv-repository.js';
import { SLACK, gitHubDeploysFixture, waitFor } from '../../backends/github/github-deploys-fixture.js';

const SECRET = 'webhook-secret-for-tests-0123456789';
let fixture: Awaited<ReturnType<typeof gitHubDeploysFixture>>;

beforeEach(async () => {
  fixture = await gitHubDeploysFixture({ workflow: 'deploy.yml' });
});
afterEach(async () => {
  await fixture.close();
});

/** A delivery as GitHub sends it: JSON body signed with the webhook secret (`X-Hub-Signature-256`). */
async function deliver(event: string, body: unknown, secret = SECRET) {
  const rawBody = JSON.stringify(body);
  const deps = { tracking: new DeploymentTracking(new KvRepository(fixture.opsbot.store)), services: fixture.opsbot.config.services };
  return handleSignedDeploymentDelivery({ event, rawBody, signature: await sign(secret, rawBody), secret: SECRET }, deps);
}

function statusDelivery(deployment: { id: number; ref: string; environment: string; payload: unknown }, status: { id: number; state: string; description?: string; log_url?: string; environment_url?: string; created_at: string }) {
  return { action: 'created', deployment_status: status, deployment, repository: { full_name: 'acme/frontend' }, sender: { login: 'github-actions[bot]' } };
}

describe('deployment_status and workflow_run deliveries', () => {
  it('a signed success status ends the followed deploy, with no status in GitHub’s list yet', async () => {
    const proposed = await fixture.opsbot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'staging', version: 'v2.4.0' }, actor: 'U00LEAD', origin: SLACK });
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    const done = fixture.opsbot.gateway.confirm(proposed.action.id, 'U00LEAD', SLACK);
    const deployment = await waitFor(() => fixture.github.deployments[0], 'the deployment');

    const progress = await deliver('deployment_status', statusDelivery(deployment, { id: 1, state: 'in_progress', description: 'rolling out', log_url: 'https://github.example/runs/1', created_at: fixture.clock.now().toISOString() }));
    expect(progress).toMatchObject({ handled: true, actionId: proposed.action.id, state: 'in_progress', notify: { room: 'C0DEPLOYS', threadTs: '1700000000.000100' } });
    if (progress.handled) expect(progress.text).toBe('deploy frontend v2.4.0 to staging: in_progress: rolling out (https://github.example/runs/1)');

    fixture.clock.advance(1000);
    const success = await deliver('deployment_status', statusDelivery(deployment, { id: 2, state: 'success', environment_url: 'https://staging.frontend.example', created_at: fixture.clock.now().toISOString() }));
    expect(success).toMatchObject({ handled: true, state: 'success' });
    const outcome = await done;
    expect(outcome.action?.state).toBe('succeeded');
    expect(outcome.text).toContain('https://staging.frontend.example');
    expect(fixture.github.deployments[0]!.statuses).toHaveLength(0);
  });

  it('ignores a mis-signed delivery, an older status arriving late, and deployments opsbot did not create', async () => {
    const started = await fixture.deploys.deploy({ service: 'frontend', environment: 'staging', version: 'v2.4.0', requestedBy: 'U00LEAD' });
    const deployment = fixture.github.deployments[0]!;
    const success = statusDelivery(deployment, { id: 5, state: 'success', created_at: '2026-11-18T14:05:00Z' });
    expect(await deliver('deployment_status', success, 'wrong-secret')).toMatchObject({ handled: false, reason: expect.stringContaining('signature') });
    expect((await fixture.deploys.get(started.id))!.state).toBe('in_progress');

    expect(await deliver('deployment_status', success)).toMatchObject({ handled: true });
    expect(await deliver('deployment_status', statusDelivery(deployment, { id: 4, state: 'in_progress', created_at: '2026-11-18T14:04:00Z' }))).toMatchObject({ handled: false });
    expect((await fixture.deploys.get(started.id))!.state).toBe('succeeded');

    const foreign = { ...deployment, id: 99, payload: {} };
    expect(await deliver('deployment_status', statusDelivery(foreign, { id: 6, state: 'success', created_at: '2026-11-18T14:06:00Z' }))).toMatchObject({ handled: false, reason: expect.stringContaining('not created by opsbot') });
  });

  it('a workflow_run delivery for the dispatched run fails the deploy when the run fails', async () => {
    const started = await fixture.deploys.deploy({ service: 'frontend', environment: 'staging', version: 'v2.4.0', requestedBy: 'U00LEAD' });
    const run = fixture.github.runs[0]!;
    const result = await deliver('workflow_run', { action: 'completed', workflow_run: { ...run, status: 'completed', conclusion: 'failure', updated_at: fixture.clock.now().toISOString() }, repository: { full_name: 'acme/frontend' } });
    expect(result).toMatchObject({ handled: true, state: 'failure', deployId: started.id });
    // The peer still shows the run queued: the delivery alone tells the follower it ended.
    expect((await fixture.deploys.get(started.id))).toMatchObject({ state: 'failed', message: `workflow run ${run.id} ended failure` });
    expect(await deliver('workflow_run', { action: 'completed', workflow_run: { id: 424242, status: 'completed' }, repository: { full_name: 'acme/frontend' } })).toMatchObject({ handled: false });
  });
});
