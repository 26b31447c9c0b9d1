import { gitHubClient, gitHubMessage, statusOf } from '../../backends/github/github-client.js';
import type { Config } from '../../config/schema.js';
import type { DoctorCheck } from './doctor-report.js';

const TIMEOUT_MS = 10_000;

/**
 * GitHub as the deploys and releases adapters will use it: GITHUB_TOKEN accepted, what it may do in each repository
 * (deploys need push: creating deployments and dispatching workflows are writes), and the deploy workflow present.
 */
export async function githubChecks(config: Config, env: NodeJS.ProcessEnv): Promise<DoctorCheck[]> {
  const { deploys, releases } = config.backends;
  const repositories = new Map<string, { deploys: boolean }>();
  if (deploys.adapter === 'github') for (const service of config.services) if (service.repository) repositories.set(service.repository, { deploys: true });
  if (releases.adapter === 'github' && !repositories.has(releases.repository)) repositories.set(releases.repository, { deploys: false });
  if (!repositories.size) return [];
  const token = env.GITHUB_TOKEN;
  if (!token) return [{ system: 'github', subject: 'GITHUB_TOKEN', status: 'problem', found: ['GITHUB_TOKEN is not set in the environment'], suggestions: ['export GITHUB_TOKEN=… (a token with access to the repositories below)'] }];
  const apiUrl = deploys.adapter === 'github' ? deploys.apiUrl : releases.adapter === 'github' ? releases.apiUrl : undefined;
  const octokit = gitHubClient({ token, apiUrl });
  const workflow = deploys.adapter === 'github' ? deploys.workflow : undefined;
  const checks: DoctorCheck[] = [];
  for (const [repository, use] of repositories) {
    const [owner, repo] = repository.split('/') as [string, string];
    const request = { request: { signal: AbortSignal.timeout(TIMEOUT_MS) } };
    try {
      const answer = await octokit.request('GET /repos/{owner}/{repo}', { owner, repo, ...request });
      const permissions = (answer.data as { permissions?: Record<string, boolean> }).permissions ?? {};
      const held = Object.entries(permissions).filter(([, allowed]) => allowed).map(([name]) => name);
      const scopes = answer.headers['x-oauth-scopes'];
      const found = [`token accepted; permissions here: ${held.join(', ') || 'none reported'}${typeof scopes === 'string' && scopes ? `; token scopes: ${scopes}` : ''}`];
      const suggestions: string[] = [];
      let usable = true;
      if (use.deploys && !permissions.push) {
        usable = false;
        found.push('no push permission: deployments and workflow dispatches would be refused');
        suggestions.push(`give the token write access to ${repository} (deployments, actions)`);
      }
      if (use.deploys && workflow) {
        try {
          await octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}', { owner, repo, workflow_id: workflow, ...request });
          found.push(`deploy workflow ${workflow} present`);
        } catch (error) {
          if (statusOf(error) !== 404) throw error;
          usable = false;
          found.push(`deploy workflow ${workflow} not found in .github/workflows`);
          suggestions.push(`add .github/workflows/${workflow} to ${repository}, or change backends.deploys.workflow`);
        }
      }
      checks.push({ system: 'github', subject: repository, status: usable ? 'ok' : 'problem', found, suggestions });
    } catch (error) {
      const status = statusOf(error);
      const why = status === 401 ? 'GITHUB_TOKEN was refused (401)' : status === 404 ? 'not found, or the token cannot see it (404)' : gitHubMessage(error);
      checks.push({ system: 'github', subject: repository, status: 'problem', found: [why], suggestions: [] });
    }
  }
  return checks;
}
