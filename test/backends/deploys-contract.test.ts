import { GitHubDeploys } from '../../src/backends/github/github-deploys.js';
import { parseDeployId } from '../../src/backends/github/deployment-view.js';
import { configSchema } from '../../src/config/schema.js';
import { demoConfig } from '../../src/config/demo-config.js';
import { FakeGitHubDeployments } from '../support/fake-github-deployments.js';
import { demoConfigWith, demoFixture } from './demo/demo-fixture.js';
import { deploysContract } from './deploys-contract.js';

deploysContract('demo adapter', async () => {
  const config = demoConfigWith({ demo: { deploySeconds: 6, brokenVersions: ['v6.6.6'] } });
  const { backends, clock, store } = await demoFixture({ config });
  return {
    port: backends.deploys,
    running: 'v2.3.1',
    next: 'v2.4.0',
    later: 'v2.5.0',
    broken: 'v6.6.6',
    async finish() {
      clock.advance(6_000);
    },
    close: () => store.close(),
  };
});

const TOKEN = 'ghp_contracttoken1234567890abcdefgh';

deploysContract('GitHub adapter', async () => {
  const github = new FakeGitHubDeployments('acme/frontend', TOKEN);
  await github.start();
  github.addCommit('1111111111111111111111111111111111111111', { tags: ['v2.3.1'] });
  github.addCommit('2222222222222222222222222222222222222222', { tags: ['v2.4.0'], branches: ['main'] });
  github.addCommit('3333333333333333333333333333333333333333', { tags: ['v2.5.0'] });
  github.addCommit('6666666666666666666666666666666666666666', { tags: ['v6.6.6'] });
  // The demo config names each service's repository (acme/frontend…).
  const config = configSchema.parse(demoConfig);
  const port = new GitHubDeploys({ config, token: TOKEN, apiUrl: github.url, statusTimeoutMinutes: 30 });
  // The test plays the deployer (the workflow), reporting statuses as GitHub would receive them.
  const finish = async (record: { id: string; version: string }) => {
    const failed = record.version === 'v6.6.6';
    github.addStatus(parseDeployId(record.id)!.deploymentId, 'in_progress', { description: 'rolling out' });
    github.addStatus(parseDeployId(record.id)!.deploymentId, failed ? 'failure' : 'success', { description: failed ? 'health checks failed' : 'live' });
  };
  // What production already runs: an earlier deployment that succeeded.
  await finish(await port.deploy({ service: 'frontend', environment: 'production', version: 'v2.3.1', requestedBy: 'U00LEAD' }));
  return { port, running: 'v2.3.1', next: 'v2.4.0', later: 'v2.5.0', broken: 'v6.6.6', finish, close: () => github.stop() };
});
