import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/app/doctor/run-doctor.js';
import { validateConfig } from '../../../src/app/validate-config.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { FakeGitHubDeployments } from '../../support/fake-github-deployments.js';

const TOKEN = 'ghp_doctor0123456789secret';

describe('opsbot doctor: GitHub, against the loopback REST API', () => {
  let github: FakeGitHubDeployments;
  beforeEach(async () => {
    github = new FakeGitHubDeployments('acme/frontend', TOKEN);
    await github.start();
  });
  afterEach(async () => {
    await github.stop();
  });

  const doctor = (services = [demoConfig.services[0]!], env: NodeJS.ProcessEnv = { GITHUB_TOKEN: TOKEN }) =>
    runDoctor({ config: validateConfig({ ...demoConfig, services, dashboards: [], backends: { deploys: { adapter: 'github', apiUrl: github.url, workflow: 'deploy.yml' } } }), env });

  it('reports the token accepted, its permissions and the deploy workflow', async () => {
    const report = await doctor();
    expect(report.checks.find((check) => check.system === 'github')).toEqual({
      system: 'github',
      subject: 'acme/frontend',
      status: 'ok',
      found: ['token accepted; permissions here: push, triage, pull', 'deploy workflow deploy.yml present'],
      suggestions: [],
    });
    expect(report.usable).toBe(true);
    expect(github.requests.map((request) => request.path)).toEqual(['/repos/acme/frontend', '/repos/acme/frontend/actions/workflows/deploy.yml']);
    expect(JSON.stringify(report)).not.toContain(TOKEN);
  });

  it('names a read-only token, a missing workflow, a repository it cannot see and a refused token', async () => {
    github.permissions = { ...github.permissions, push: false };
    github.workflows.clear();
    const report = await doctor([demoConfig.services[0]!, { ...demoConfig.services[1]!, repository: 'acme/elsewhere' }]);
    const [frontend, elsewhere] = report.checks.filter((check) => check.system === 'github');
    expect(frontend).toMatchObject({ status: 'problem', found: expect.arrayContaining(['no push permission: deployments and workflow dispatches would be refused', 'deploy workflow deploy.yml not found in .github/workflows']) });
    expect(frontend!.suggestions).toContain('add .github/workflows/deploy.yml to acme/frontend, or change backends.deploys.workflow');
    expect(elsewhere).toMatchObject({ subject: 'acme/elsewhere', status: 'problem', found: ['not found, or the token cannot see it (404)'] });
    expect(report.usable).toBe(false);
    const refused = await doctor(undefined, { GITHUB_TOKEN: 'ghp_wrong' });
    expect(refused.checks.find((check) => check.system === 'github')!.found).toEqual(['GITHUB_TOKEN was refused (401)']);
    const unset = await doctor(undefined, {});
    expect(unset.checks.find((check) => check.system === 'github')!.found).toEqual(['GITHUB_TOKEN is not set in the environment']);
  });
});
