import { describe, expect, it } from 'vitest';
import { stdioIdentity } from '../../../src/bot/mcp/stdio-identity.js';
import { testConfig } from '../../support/test-opsbot.js';

describe('stdioIdentity', () => {
  const configured = testConfig({ mcp: { user: 'U00DEV', tokens: [], allowedHosts: ['127.0.0.1'] } });

  it('prefers OPSBOT_USER over mcp.user', () => {
    expect(stdioIdentity({ OPSBOT_USER: 'U00LEAD' }, configured)).toEqual({ ok: true, user: 'U00LEAD', source: 'OPSBOT_USER' });
    expect(stdioIdentity({}, configured)).toMatchObject({ ok: true, user: 'U00DEV' });
  });

  it('refuses without an identity, or with one that is not a user id', () => {
    expect(stdioIdentity({}, testConfig())).toMatchObject({ ok: false, reason: expect.stringMatching(/OPSBOT_USER/) });
    expect(stdioIdentity({ OPSBOT_USER: 'lee lead' }, configured)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a Slack user id/) });
  });
});
