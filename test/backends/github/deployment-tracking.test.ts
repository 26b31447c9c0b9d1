import { describe, expect, it } from 'vitest';
import { DeploymentTracking } from '../../../src/backends/github/deployment-tracking.js';

/**
 * A `workflow_run` delivery and the deploy follower's REST read race: the read can start before the delivery
 * lands and answer with the older "in progress" view. Recording that view must not erase the completed run.
 */
describe('deployment tracking', () => {
  const repository = 'acme/frontend';

  it('keeps a completed run when an older in-progress view of it arrives after', async () => {
    const tracking = new DeploymentTracking();
    await tracking.recordRun(repository, 7, { id: 42, url: null, status: 'in_progress', updatedAt: '2026-12-01T10:00:00Z' });
    await tracking.recordRun(repository, 7, { id: 42, url: null, status: 'completed', conclusion: 'failure', updatedAt: '2026-12-01T10:05:00Z' });
    await tracking.recordRun(repository, 7, { id: 42, url: null, status: 'in_progress', updatedAt: '2026-12-01T10:00:00Z' });
    expect(await tracking.run(repository, 7)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(await tracking.deploymentOfRun(repository, 42)).toBe(7);
  });

  it('takes newer views of a run, and a different run outright', async () => {
    const tracking = new DeploymentTracking();
    await tracking.recordRun(repository, 7, { id: 42, url: null, status: 'queued', updatedAt: '2026-12-01T10:00:00Z' });
    await tracking.recordRun(repository, 7, { id: 42, url: null, status: 'in_progress', updatedAt: '2026-12-01T10:01:00Z' });
    expect((await tracking.run(repository, 7))?.status).toBe('in_progress');
    await tracking.recordRun(repository, 7, { id: 43, url: null, status: 'queued', updatedAt: '2026-12-01T09:00:00Z' });
    expect((await tracking.run(repository, 7))?.id).toBe(43);
  });
});
