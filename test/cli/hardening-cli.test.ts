import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { demoConfig } from '../../src/config/demo-config.js';
import { call, testClient } from '../bot/mcp/mcp-test-client.js';
import { type CliSandbox, cliSandbox, runCli } from './cli-harness.js';

const BIN = resolve(import.meta.dirname, '../../bin/opsbot.js');

// The built CLI (npm test builds first), spawned as a person or an IDE would start it.
describe('strict config at the command line', () => {
  const sandbox: CliSandbox = cliSandbox();
  afterAll(() => sandbox.cleanup());

  function writeConfig(name: string, config: unknown): string {
    const file = join(sandbox.dataDir, '..', name);
    writeFileSync(file, stringify(config));
    return file;
  }

  it('config check rejects a misspelt approvals key, and start-up refuses the same file', async () => {
    const { approvals, ...policies } = demoConfig.policies;
    const file = writeConfig('typo.yaml', { ...demoConfig, policies: { ...policies, approval: approvals } });
    const checked = await sandbox.run(['config', 'check', file]);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toContain('policies.approval: unknown key (did you mean "approvals"?)');
    expect(checked.stdout).toBe('');

    // The lead's self-approved production deploy of the review never gets a chance: nothing starts.
    const started = await runCli(['ask', '--as', 'U00LEAD', 'deploy frontend v2.4.0 to production'], { ...sandbox.env, OPSBOT_CONFIG: file });
    expect(started.code).toBe(2);
    expect(started.stderr).toContain('policies.approval: unknown key (did you mean "approvals"?)');
    expect(started.stdout).toBe('');
  });

  it('config check warns on a role granting every change in production', async () => {
    const file = writeConfig('broad.yaml', { ...demoConfig, policies: { ...demoConfig.policies, roles: { ...demoConfig.policies.roles, prodops: ['read:*', '*:production'] } } });
    const checked = await sandbox.run(['config', 'check', file]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('warning: policies.roles.prodops[1]: "*:production" grants every kind of change in production');
  });

  it('config check refuses one token mapped to two users', async () => {
    const token = 'env:OPSBOT_MCP_TOKEN_SHARED';
    const file = writeConfig('tokens.yaml', { ...demoConfig, mcp: { tokens: [{ token, user: 'U00DEV' }, { token, user: 'U00LEAD' }] } });
    const checked = await sandbox.run(['config', 'check', file]);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toContain('mcp.tokens[1].token: the same token as mcp.tokens[0].token is mapped to two users (U00DEV and U00LEAD)');
    expect(checked.stderr).not.toContain(token);
  });
});

describe('env: MCP tokens are read only by the HTTP server', () => {
  const sandbox: CliSandbox = cliSandbox();
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closers.splice(0)) await close();
    sandbox.cleanup();
  });
  const shared = { ...demoConfig, demo: { ...demoConfig.demo, deploySeconds: 0.3 }, mcp: { tokens: [{ token: 'env:OPSBOT_MCP_TOKEN_CI', user: 'U00DEV' }] } };

  it('serves MCP over stdio and runs other commands when the token variable is not set', async () => {
    writeFileSync(sandbox.configFile, stringify(shared));
    const { client } = testClient('unsupported');
    const env = { PATH: process.env.PATH ?? '', HOME: sandbox.dataDir, OPSBOT_CONFIG: sandbox.configFile, OPSBOT_DATA_DIR: sandbox.dataDir, OPSBOT_USER: 'U00VIEWER' };
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env, stderr: 'pipe' }));
    closers.push(() => client.close());
    expect((await call(client, 'service_status', { service: 'api' })).envelope.status).toBe('ok');

    const actions = await sandbox.run(['actions']);
    expect(actions.stderr).not.toContain('OPSBOT_MCP_TOKEN_CI');
    expect(actions.code).toBe(0);
  });

  it('the HTTP server still refuses to start without it, naming the variable', async () => {
    writeFileSync(sandbox.configFile, stringify(shared));
    const result = await sandbox.run(['mcp', '--http', '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('mcp.tokens[0].token: environment variable OPSBOT_MCP_TOKEN_CI is not set');
  });
});

describe('opsbot policy explain asks the gateway', () => {
  const sandbox: CliSandbox = cliSandbox();
  afterAll(() => sandbox.cleanup());

  it('explains a viewer calling deploy with bad arguments as a denial, as a real call would be', async () => {
    const result = await sandbox.run(['policy', 'explain', '--as', 'U00VIEWER', '--tool', 'deploy', '--args', '{"service":"nope"}']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/decision: +deny\n +because: +U00VIEWER lacks every deploy permission \(deploy:staging, deploy:production\)/);
  });

  it('status of an unknown service says so and lists the known ones', async () => {
    const result = await sandbox.run(['ask', '--as', 'U00VIEWER', 'status ../../etc/passwd']);
    expect(result.stdout).toContain(`I don't know "../../etc/passwd" (services: frontend, api, auth, payments`);
    expect(result.stdout).not.toContain('payments (production) NORMAL');
  });
});
