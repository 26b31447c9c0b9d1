import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliSandbox, cliSandbox } from './cli-harness.js';

const BAD = `
environments: [staging, production]
services:
  - { name: frontend, team: web, components: [web] }
  - { name: api, team: nowhere, components: [gateway] }
teams:
  - { name: web, rotation: [U00DEV] }
incidentCommander: { rotation: [U00LEAD] }
policies:
  roles:
    lead: ['read:*', 'deploy:staging', 'deploy:prod']
  users: { U00LEAD: [lead, boss] }
`;

describe('opsbot config check', () => {
  const sandbox: CliSandbox = cliSandbox();
  afterAll(() => sandbox.cleanup());

  it('prints each problem on its own line with its exact path, and exits non-zero', async () => {
    const file = join(sandbox.dataDir, '..', 'bad.yaml');
    writeFileSync(file, BAD);
    const result = await sandbox.run(['config', 'check', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe('opsbot: invalid configuration (3 problems):');
    expect(lines).toContain('policies.roles.lead[2]: unknown permission "deploy:prod" (did you mean "deploy:production"?)');
    expect(lines).toContain('policies.users.U00LEAD[1]: unknown role "boss" (roles: lead)');
    expect(lines).toContain('services[1].team: unknown team "nowhere" (teams: web)');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace for an expected error
  });

  it('summarises a valid file (OPSBOT_CONFIG when no file is named)', async () => {
    const result = await sandbox.run(['config', 'check']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${sandbox.configFile}: valid.`);
    expect(result.stdout).toContain('environments: staging, production');
    expect(result.stdout).toContain('approval rules: production-needs-another-lead (*:production → lead, not the requester)');
  });

  it('says when a file cannot be read', async () => {
    const result = await sandbox.run(['config', 'check', '/nonexistent/opsbot.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/nonexistent/opsbot.yaml: cannot read (ENOENT)');
  });
});
