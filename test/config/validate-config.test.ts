import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig, readConfigFile, resolveMcpTokens } from '../../src/app/load-config.js';
import { demoConfig } from '../../src/config/demo-config.js';
import { validateConfig } from '../../src/app/validate-config.js';
import { demoClone, issuesOf } from '../support/config-issues.js';


const clone = demoClone;

describe('config validation', () => {
  it('accepts the demo', () => {
    expect(issuesOf(demoConfig)).toEqual([]);
  });

  it('names an unknown permission by its exact path, with a suggestion', () => {
    const config = clone();
    config.policies.roles.lead = ['read:*', 'deploy:staging', 'deploy:prod'];
    expect(issuesOf(config)).toEqual(['policies.roles.lead[2]: unknown permission "deploy:prod" (did you mean "deploy:production"?)']);
  });

  it('names unknown verbs, roles, teams and approval patterns', () => {
    const config = clone();
    config.policies.roles.viewer = ['reed:*'];
    config.policies.users.U00DEV = ['developer', 'admin'];
    config.policies.approvals[0].approvers = ['boss'];
    config.services[1].team = 'nobody';
    const issues = issuesOf(config);
    expect(issues).toContain('policies.roles.viewer[0]: unknown permission "reed:*" (verbs: read, deploy, rollback, lock, page, alert, incident, release, scale, restart)');
    expect(issues).toContain('policies.users.U00DEV[1]: unknown role "admin" (roles: viewer, developer, lead, sre)');
    expect(issues).toContain('policies.approvals[0].approvers[0]: unknown role "boss"');
    expect(issues).toContain('services[1].team: unknown team "nobody" (teams: web, platform, identity, payments)');
  });

  it('reports schema errors with paths', () => {
    const config = clone();
    config.services[0].components = [];
    config.teams[2].rotation = ['not-a-user'];
    delete config.environments;
    const issues = issuesOf(config);
    expect(issues).toContain('environments: Invalid input: expected array, received undefined');
    expect(issues.some((issue) => issue.startsWith('services[0].components:'))).toBe(true);
    expect(issues).toContain('teams[2].rotation[0]: must be a Slack user id like U012ABC');
  });

  it('reads YAML files and points at YAML syntax errors by line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbot-config-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(good, stringify(demoConfig));
    expect(readConfigFile(good).services.map((service) => service.name)).toEqual(['frontend', 'api', 'auth', 'payments']);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'environments: [staging\nservices: {');
    expect(() => readConfigFile(bad)).toThrow(/bad\.yaml line \d+: not valid YAML/);
  });

  it('ships opsbot.example.yaml as a valid config identical to the built-in demo', () => {
    expect(readConfigFile(join(process.cwd(), 'opsbot.example.yaml'))).toEqual(validateConfig(demoConfig));
  });

  it('falls back to the demo and resolves env: tokens only where they are used', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbot-config-'));
    expect(loadConfig({ cwd: dir, env: {} }).source).toBe('built-in demo');
    const file = join(dir, 'opsbot.yaml');
    writeFileSync(file, stringify({ ...demoConfig, mcp: { tokens: [{ token: 'env:MCP_TOKEN_LEAD', user: 'U00LEAD' }] } }));
    // Loading never needs the variable (stdio MCP, the CLI); the HTTP server resolves it.
    const loaded = loadConfig({ cwd: dir, env: {} });
    expect(loaded.config.mcp.tokens).toEqual([{ token: 'env:MCP_TOKEN_LEAD', user: 'U00LEAD' }]);
    expect(resolveMcpTokens(loaded.config.mcp.tokens, { MCP_TOKEN_LEAD: 'secret-token-value-0123456789' })).toEqual([{ token: 'secret-token-value-0123456789', user: 'U00LEAD' }]);
    expect(() => resolveMcpTokens(loaded.config.mcp.tokens, {})).toThrow('mcp.tokens[0].token: environment variable MCP_TOKEN_LEAD is not set');
    expect(() => resolveMcpTokens(loaded.config.mcp.tokens, { MCP_TOKEN_LEAD: 'short' })).toThrow('mcp.tokens[0].token: MCP_TOKEN_LEAD must hold at least 24 characters');
    expect(issuesOf({ ...demoConfig, mcp: { tokens: [{ token: 'hunter2', user: 'U00LEAD' }] } })).toEqual(['mcp.tokens[0].token: must be env:NAME (a literal token is refused: secrets come only from the environment)']);
  });
});
