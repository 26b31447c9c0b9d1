import { afterEach, describe, expect, it } from 'vitest';
import { GitHubDeploys } from '../../../src/backends/github/github-deploys.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { ConfigError } from '../../../src/errors.js';
import { FakeGitHubDeployments } from '../../support/fake-github-deployments.js';
import { testConfig, testOpsbot } from '../../support/test-opsbot.js';
import { TOKEN } from './github-deploys-fixture.js';

let github: FakeGitHubDeployments | undefined;
afterEach(async () => {
  await github?.stop();
});

describe('backends.deploys: github in the configuration', () => {
  it('wires the GitHub adapter with GITHUB_TOKEN, and the card shows what GitHub resolved', async () => {
    github = new FakeGitHubDeployments('acme/frontend', TOKEN);
    await github.start();
    github.addCommit('2222222222222222222222222222222222222222', { tags: ['v2.4.0'] });
    const opsbot = await testOpsbot({ overrides: { backends: { deploys: { adapter: 'github', apiUrl: github.url, workflow: 'deploy.yml' } } }, env: { GITHUB_TOKEN: TOKEN } });
    try {
      expect(opsbot.backends.deploys).toBeInstanceOf(GitHubDeploys);
      expect(opsbot.config.backends.deploys).toMatchObject({ adapter: 'github', statusTimeoutMinutes: 30 });
      const outcome = await opsbot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'staging', version: '2.4.0' }, actor: 'U00DEV', origin: { frontEnd: 'shell' } });
      expect(outcome.status === 'pending' && outcome.action.preview).toMatchObject({ proposed: 'v2.4.0', resolved: 'tag v2.4.0 at 2222222' });
    } finally {
      await opsbot.cleanup();
    }
  });

  it('needs GITHUB_TOKEN, a repository per service, and only the documented keys', async () => {
    await expect(testOpsbot({ overrides: { backends: { deploys: { adapter: 'github' } } }, env: {} })).rejects.toBeInstanceOf(ConfigError);
    expect(() => testConfig({ backends: { deploys: { adapter: 'github' } }, services: demoConfig.services.map(({ repository: _repository, ...service }) => service) })).toThrow(/services\[0\]\.repository: backends\.deploys uses github/);
    expect(() => testConfig({ backends: { deploys: { adapter: 'github', repository: 'acme/frontend' } as never } })).toThrow(/backends\.deploys/);
  });
});
