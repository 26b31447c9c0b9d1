import { GitHubDeploys } from '../../../src/backends/github/github-deploys.js';
import { DeploymentTracking } from '../../../src/backends/github/deployment-tracking.js';
import type { Opsbot } from '../../../src/app.js';
import type { Origin } from '../../../src/actions/origin.js';
import { KvRepository } from '../../../src/store/kv-repository.js';
import { FakeGitHubDeployments } from '../../support/fake-github-deployments.js';
import { testOpsbot } from '../../support/test-opsbot.js';
import { TestClock } from '../demo/demo-fixture.js';

export const TOKEN = 'ghp_deploystoken1234567890abcdefghi';
export const SLACK: Origin = { frontEnd: 'slack', channel: 'C0DEPLOYS', threadTs: '1700000000.000100', conversationId: 'C0DEPLOYS:1700000000.000100' };

/** A loopback GitHub for acme/frontend and an opsbot whose deploys port is the GitHub adapter over it, polling fast. */
export async function gitHubDeploysFixture(options: { workflow?: string; statusTimeoutMinutes?: number } = {}) {
  const clock = new TestClock(new Date('2026-11-18T14:00:00Z'));
  const github = await startFakeGitHub(clock.now);
  const opsbot = await testOpsbot({ now: clock.now });
  const deploys = useGitHubDeploys(opsbot, github, { ...options, now: clock.now });
  return {
    github,
    clock,
    opsbot,
    deploys,
    async close() {
      await opsbot.cleanup();
      await github.stop();
    },
  };
}

/** The loopback GitHub for acme/frontend, with tags v2.3.1, v2.4.0 (main) and v2.5.0. */
export async function startFakeGitHub(now: () => Date): Promise<FakeGitHubDeployments> {
  const github = new FakeGitHubDeployments('acme/frontend', TOKEN, now);
  await github.start();
  github.addCommit('1111111111111111111111111111111111111111', { tags: ['v2.3.1'] });
  github.addCommit('2222222222222222222222222222222222222222', { tags: ['v2.4.0'], branches: ['main'] });
  github.addCommit('3333333333333333333333333333333333333333', { tags: ['v2.5.0'] });
  return github;
}

/**
 * Makes `opsbot`'s deploys port the GitHub adapter over the loopback peer. The port is swapped in after start-up so
 * its tracking shares the opsbot's store (as app.ts wires it), with millisecond polling instead of GitHub-friendly seconds.
 */
export function useGitHubDeploys(opsbot: Opsbot, github: FakeGitHubDeployments, options: { workflow?: string; statusTimeoutMinutes?: number; now?: () => Date } = {}): GitHubDeploys {
  const deploys = new GitHubDeploys({
    config: opsbot.config,
    token: TOKEN,
    apiUrl: github.url,
    workflow: options.workflow,
    statusTimeoutMinutes: options.statusTimeoutMinutes ?? 30,
    tracking: new DeploymentTracking(new KvRepository(opsbot.store)),
    now: options.now,
    pollSchedule: { initialMs: 5, maxMs: 20 },
    sleep: async () => undefined,
  });
  opsbot.backends.deploys = deploys;
  return deploys;
}

/**
 * Polls until `probe` returns something (the follower is running in the background meanwhile). Bounded by time,
 * not by attempts: on a loaded machine the follower's polls can lag well behind a fixed count of short sleeps.
 */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what = 'condition', timeoutMs = 12_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}
