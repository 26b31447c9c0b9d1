import { describe, expect, it } from 'vitest';
import { redact, redactText } from '../../src/util/redact.js';

describe('redactText', () => {
  it('redacts credentials standing alone', () => {
    const text = 'slack xoxb-123456789012-abcdefghijkl, github ghp_abcdefghijklmnopqrstuvwxyz0123, aws AKIAIOSFODNN7EXAMPLE, auth Bearer abc.def.ghi-123';
    expect(redactText(text)).toBe('slack [REDACTED], github [REDACTED], aws [REDACTED], auth [REDACTED]');
  });

  it('redacts credentials glued to a word', () => {
    for (const glued of ['key_AKIAIOSFODNN7EXAMPLE', 'tok_xoxb-123456789012-abcdefghijkl', 'x_ghp_abcdefghijklmnopqrstuvwxyz0123', 'app_xapp-1-A0123-456-abcdef', 'k_sk-ant-api03-abcdefghij', 'pat_github_pat_11ABCDEFG0123456789_abcdef']) {
      const redacted = redactText(`the value is ${glued} here`);
      expect(redacted, glued).toMatch(/^the value is [a-z]+_\[REDACTED\] here$/);
    }
  });

  it('redacts each shape of credential when it is the only one in the text', () => {
    const alone = [
      'xoxb-123456789012-abcdefghijkl',
      'xapp-1-A0123-456-abcdef',
      'sk-ant-api03-abcdefghij',
      'ghs_abcdefghijklmnopqrstuvwxyz0123',
      'github_pat_11ABCDEFG0123456789_abcdef',
      'AKIAIOSFODNN7EXAMPLE',
      'ASIAIOSFODNN7EXAMPLE',
      'bearer abc.def.ghi-123',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
    ];
    for (const secret of alone) expect(redactText(`before ${secret} after`), secret).toBe('before [REDACTED] after');
    expect(redactText('see postgres://opsbot:hunter2@db:5432/opsbot')).toBe('see postgres://[REDACTED]@db:5432/opsbot');
  });

  it('leaves ordinary words and ids alone', () => {
    const text = 'deploy frontend v2.4.0 to production; action act_1a2b3c4d5e by U00LEAD; ASIA region is fine';
    expect(redactText(text)).toBe(text);
  });

  it('redacts secret-named keys and glued secrets in nested values', () => {
    expect(redact({ password: 'hunter2', note: ['see tok_xoxb-123456789012-abcdefghijkl'] })).toEqual({ password: '[REDACTED]', note: ['see tok_[REDACTED]'] });
  });
});
