import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CARD_ACTION_IDS } from '../../../src/bot/presenter/block-kit.js';
import type { PendingAction } from '../../../src/actions/pending-action.js';
import { startFakeGitHub, useGitHubDeploys, waitFor } from '../../backends/github/github-deploys-fixture.js';
import type { FakeDeployment, FakeGitHubDeployments } from '../../support/fake-github-deployments.js';
import { CHANNEL, mention } from '../slack/slack-harness.js';
import { webhookHarness, type WebhookHarness } from './webhook-harness.js';

/**
 * `deployment_status` and `workflow_run` deliveries through the real receiver over HTTP, signed as GitHub signs
 * them, for deploys opsbot started from Slack against the loopback GitHub: each pushed status is reported in the
 * deploy's thread and fed to its follower, so the action's outcome lands although GitHub's own list of statuses
 * stays empty (the follower's REST reads alone would never end it).
 */
describe('POST /hooks/github: deployment statuses', () => {
  let h: WebhookHarness;
  let github: FakeGitHubDeployments;

  beforeEach(async () => {
    github = await startFakeGitHub(() => new Date());
    h = await webhookHarness();
    useGitHubDeploys(h.opsbot, github, { workflow: 'deploy.yml' });
  });
  afterEach(async () => {
    await h.close();
    await github.stop();
  });

  /** `deploy … to staging` asked in a Slack thread and approved there by the same lead (staging allows it). */
  async function deployFromSlack(threadTs: string): Promise<{ action: PendingAction; deployment: FakeDeployment }> {
    await h.sender.event(mention('U00LEAD', 'deploy frontend v2.4.0 to staging', threadTs));
    await h.frontEnd.idle();
    const card = h.fake.thread(CHANNEL, threadTs).find((entry) => entry.blocks)!;
    const [action] = await h.opsbot.gateway.listActions(1, { states: ['proposed'] });
    // Not awaited to idle: the approved deploy runs until its outcome arrives.
    await h.sender.blockAction({ userId: 'U00LEAD', actionId: CARD_ACTION_IDS.approve, value: action!.id, channelId: CHANNEL, messageTs: card.ts, threadTs, responseUrl: h.fake.responseUrl('click') });
    const deployment = await waitFor(() => github.deployments[0], 'the deployment');
    return { action: action!, deployment };
  }
  const statusDelivery = (deployment: FakeDeployment, status: { id: number; state: string; description?: string; log_url?: string; environment_url?: string }) => ({
    action: 'created',
    deployment_status: { ...status, created_at: new Date().toISOString() },
    deployment,
    repository: { full_name: 'acme/frontend' },
    sender: { login: 'github-actions[bot]' },
  });
  const deliver = async (event: string, payload: unknown, options?: { deliveryId?: string; signature?: string }) => {
    const response = await h.github(event, payload, options);
    await h.receiver.idle();
    return response;
  };
  const threadTexts = (threadTs: string) => h.fake.thread(CHANNEL, threadTs).map((entry) => entry.text);

  it('a signed success status reaches the deploy’s thread and completes the action, with no status in GitHub’s list', async () => {
    const threadTs = '1780003000.000100';
    const { action, deployment } = await deployFromSlack(threadTs);
    expect(deployment.payload).toMatchObject({ opsbot: { action_id: action.id }, notify: { room: CHANNEL, thread_ts: threadTs } });

    const progress = statusDelivery(deployment, { id: 1, state: 'in_progress', description: 'rolling out <!channel>', log_url: 'https://github.example/runs/1' });
    expect((await deliver('deployment_status', progress, { signature: 'sha256=0000' })).status).toBe(401);
    expect(threadTexts(threadTs).some((text) => text.includes('in_progress'))).toBe(false);

    expect((await deliver('deployment_status', progress, { deliveryId: 'dlv-progress' })).status).toBe(202);
    // GitHub redelivers with the same X-GitHub-Delivery: acknowledged, not reported twice.
    expect(JSON.parse((await deliver('deployment_status', progress, { deliveryId: 'dlv-progress' })).text)).toEqual({ accepted: 0, duplicates: 1 });
    const reported = threadTexts(threadTs).filter((text) => text.includes('in_progress'));
    expect(reported).toEqual(['deploy frontend v2.4.0 to staging: in_progress: rolling out &lt;!channel&gt; (https://github.example/runs/1)']);
    expect((await h.opsbot.gateway.getAction(action.id))?.state).toBe('running');

    await deliver('deployment_status', statusDelivery(deployment, { id: 2, state: 'success', environment_url: 'https://staging.frontend.example' }));
    const done = await waitFor(async () => {
      const current = await h.opsbot.gateway.getAction(action.id);
      return current?.state === 'succeeded' ? current : undefined;
    }, 'the deploy to succeed');
    expect(done.result?.text).toContain('https://staging.frontend.example');
    expect(github.deployments[0]!.statuses).toHaveLength(0);
    expect(threadTexts(threadTs)).toContain('deploy frontend v2.4.0 to staging: success (https://staging.frontend.example)');
    await h.frontEnd.idle();
    expect(threadTexts(threadTs).some((text) => /deploy frontend v2\.4\.0 to staging\* (was approved by <@U\w+> and )?succeeded\./.test(text))).toBe(true);
  });

  it('a failed workflow run fails the deploy; unknown runs and deployments opsbot did not create change nothing', async () => {
    const threadTs = '1780003001.000100';
    const { action, deployment } = await deployFromSlack(threadTs);
    const foreign = { ...deployment, id: 99, payload: {} };
    const ignored = await deliver('deployment_status', statusDelivery(foreign, { id: 7, state: 'success' }));
    expect(JSON.parse(ignored.text)).toMatchObject({ ignored: expect.stringContaining('deployment_status') });
    const unknownRun = await deliver('workflow_run', { action: 'completed', workflow_run: { id: 424242, status: 'completed', conclusion: 'success' }, repository: { full_name: 'acme/frontend' } }, { deliveryId: 'dlv-unknown-run' });
    expect(unknownRun.status).toBe(202);
    expect(await h.receiver.deliveries.get('github', 'dlv-unknown-run')).toMatchObject({ outcome: 'ignored', detail: 'run 424242 is not one opsbot dispatched' });
    expect((await h.opsbot.gateway.getAction(action.id))?.state).toBe('running');

    const run = github.runs[0]!;
    await deliver('workflow_run', { action: 'completed', workflow_run: { ...run, status: 'completed', conclusion: 'failure', updated_at: new Date().toISOString() }, repository: { full_name: 'acme/frontend' } }, { deliveryId: 'dlv-run' });
    expect(await h.receiver.deliveries.get('github', 'dlv-run')).toMatchObject({ outcome: 'updated' });
    const failed = await waitFor(async () => {
      const current = await h.opsbot.gateway.getAction(action.id);
      return current?.state === 'failed' ? current : undefined;
    }, 'the deploy to fail');
    expect(failed.result?.text).toContain(`workflow run ${run.id} ended failure`);
  });

  it('a malformed deployment_status is a 400', async () => {
    expect((await deliver('deployment_status', { action: 'created', repository: { full_name: 'acme/frontend' } })).status).toBe(400);
  });
});
