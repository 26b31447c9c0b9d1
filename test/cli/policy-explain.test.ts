import { afterAll, describe, expect, it } from 'vitest';
import { type CliSandbox, cliSandbox } from './cli-harness.js';

const PRODUCTION_DEPLOY = JSON.stringify({ service: 'frontend', version: 'v2.4.0', environment: 'production' });

describe('opsbot policy explain', () => {
  const sandbox: CliSandbox = cliSandbox();
  afterAll(() => sandbox.cleanup());

  it('explains a confirmation: the granting rule and who may approve', async () => {
    const result = await sandbox.run(['policy', 'explain', '--as', 'U00LEAD', '--tool', 'deploy', '--args', PRODUCTION_DEPLOY]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('U00LEAD → deploy {"environment":"production","service":"frontend","version":"v2.4.0"}');
    expect(result.stdout).toMatch(/permission: deploy:production/);
    expect(result.stdout).toMatch(/decision: +confirm/);
    expect(result.stdout).toMatch(/because: +role lead grants deploy:\*/);
    expect(result.stdout).toMatch(/approver: +a lead holding deploy:production other than U00LEAD \(rule production-needs-another-lead\)/);
  });

  it('explains a denial and an allow', async () => {
    const denied = await sandbox.run(['policy', 'explain', '--as', 'U00DEV', '--tool', 'deploy', '--args', PRODUCTION_DEPLOY]);
    expect(denied.stdout).toMatch(/decision: +deny\n +because: +U00DEV lacks deploy:production \(has roles developer\)/);
    const allowed = await sandbox.run(['policy', 'explain', '--as', 'U00VIEWER', '--tool', 'service_status']);
    expect(allowed.stdout).toMatch(/decision: +allow/);
    expect(allowed.stdout).toMatch(/because: +role viewer grants read:\*/);
  });

  it('prints schema errors before any decision', async () => {
    const result = await sandbox.run(['policy', 'explain', '--as', 'U00DEV', '--tool', 'deploy', '--args', '{"service":"frontnd","version":"../x"}']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^ {2}service: Invalid option/m);
    expect(result.stderr).toMatch(/^ {2}environment: /m);
    expect(result.stderr).toMatch(/^ {2}version: must be a version, tag, branch or SHA/m);
  });
});
