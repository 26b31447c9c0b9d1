import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveMcpTokens } from '../../src/app/load-config.js';
import { configSchema } from '../../src/config/schema.js';
import { closestMatch, lenientObjectPaths } from '../../src/config/strict-schema.js';
import { configWarnings, validateConfig } from '../../src/app/validate-config.js';
import { demoClone, issuesOf } from '../support/config-issues.js';


const clone = demoClone;

describe('strict config: an unknown key is an error, never a silently dropped rule', () => {
  it('names a misspelt approvals section with its exact path and a did-you-mean', () => {
    const config = clone();
    config.policies.approval = config.policies.approvals;
    delete config.policies.approvals;
    expect(issuesOf(config)).toEqual(['policies.approval: unknown key (did you mean "approvals"?)']);
  });

  it('finds unknown keys at any depth: in a list item, a record value, a union option, and at the top', () => {
    const config = clone();
    config.services[1].tem = 'platform';
    config.people.U00DEV.emial = 'dana@example.com';
    config.policies.approvals[0].requesterMayAprove = true;
    config.backends = { releases: { adapter: 'github', repository: 'acme/web', lable: 'ship' } };
    config.polices = {};
    config.mcp = { tokens: [{ token: 'env:OPSBOT_MCP_TOKEN', user: 'U00DEV', role: 'admin' }] };
    expect(issuesOf(config).sort()).toEqual(
      [
        'services[1].tem: unknown key (did you mean "team"?)',
        'people.U00DEV.emial: unknown key (did you mean "email"?)',
        'policies.approvals[0].requesterMayAprove: unknown key (did you mean "requesterMayApprove"?)',
        'backends.releases.lable: unknown key (did you mean "label"?)',
        'polices: unknown key (did you mean "policies"?)',
        'mcp.tokens[0].role: unknown key (keys here: token, user)',
      ].sort(),
    );
  });

  it('every object in the schema rejects unknown keys, including sections added later', () => {
    // A section written with a plain z.object would drop a misspelt key; this walk names it.
    expect(lenientObjectPaths(configSchema)).toEqual([]);
    const lenient = z.strictObject({ fine: z.strictObject({}), added: z.object({ nested: z.array(z.object({})) }).default({ nested: [] }) });
    expect(lenientObjectPaths(lenient)).toEqual(['added', 'added.nested[]']);
  });

  it('suggests only close matches', () => {
    expect(closestMatch('approval', ['roles', 'users', 'approvals'])).toBe('approvals');
    expect(closestMatch('zzz', ['roles', 'users', 'approvals'])).toBeUndefined();
  });
});

describe('MCP tokens: one token, one identity', () => {
  it('refuses a literal token in the file, as every other secret: only env:NAME', () => {
    const issues = issuesOf({ ...clone(), mcp: { tokens: [{ token: 'a-long-enough-token-value-0123456789', user: 'U00DEV' }] } });
    expect(issues).toEqual(['mcp.tokens[0].token: must be env:NAME (a literal token is refused: secrets come only from the environment)']);
    expect(issues.join()).not.toContain('a-long-enough-token-value');
  });

  it('refuses the same token listed twice, and one token mapped to two users', () => {
    const token = 'env:MCP_TOKEN_DEV';
    expect(issuesOf({ ...clone(), mcp: { tokens: [{ token, user: 'U00DEV' }, { token, user: 'U00DEV' }] } })).toEqual([
      'mcp.tokens[1].token: duplicate of mcp.tokens[0].token (same token, same user U00DEV); list each token once',
    ]);
    expect(issuesOf({ ...clone(), mcp: { tokens: [{ token: 'env:SHARED', user: 'U00DEV' }, { token: 'env:SHARED', user: 'U00LEAD' }] } })).toEqual([
      'mcp.tokens[1].token: the same token as mcp.tokens[0].token is mapped to two users (U00DEV and U00LEAD); give each user a token of their own',
    ]);
  });
});

describe('MCP tokens from the environment', () => {
  it('refuses two variables holding the same token when the HTTP server resolves them', () => {
    const value = 'a-long-enough-token-value-0123456789';
    const tokens = [
      { token: 'env:TOKEN_DEV', user: 'U00DEV' },
      { token: 'env:TOKEN_LEAD', user: 'U00LEAD' },
    ];
    expect(() => resolveMcpTokens(tokens, { TOKEN_DEV: value, TOKEN_LEAD: value })).toThrow(
      'mcp.tokens[1].token (TOKEN_LEAD): the same token as mcp.tokens[0].token (TOKEN_DEV) is mapped to two users (U00DEV and U00LEAD)',
    );
    expect(resolveMcpTokens(tokens, { TOKEN_DEV: value, TOKEN_LEAD: `${value}-lead` }).map((entry) => entry.user)).toEqual(['U00DEV', 'U00LEAD']);
  });
});

describe('config warnings', () => {
  it('warns on roles that grant everything or every change in production', () => {
    const config = clone();
    config.policies.roles.admin = ['*:*'];
    config.policies.roles.prodops = ['read:*', '*:production'];
    expect(configWarnings(validateConfig(config))).toEqual([
      'policies.roles.admin[0]: "*:*" grants every permission, including every change in every environment',
      'policies.roles.prodops[1]: "*:production" grants every kind of change in production',
    ]);
    expect(configWarnings(validateConfig(clone()))).toEqual([]);
  });
});
