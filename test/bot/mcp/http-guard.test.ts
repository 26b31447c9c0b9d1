import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { bearerAuthenticator, hostGuard } from '../../../src/bot/mcp/http-guard.js';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('hostGuard', () => {
  const check = hostGuard(['127.0.0.1', 'localhost', '::1'], 8765);

  it('accepts an allowed host with our port, with or without a matching Origin', () => {
    expect(check(request({ host: '127.0.0.1:8765' }))).toBeNull();
    expect(check(request({ host: 'LOCALHOST:8765', origin: 'http://localhost:8765' }))).toBeNull();
    expect(check(request({ host: '[::1]:8765' }))).toBeNull();
  });

  it('refuses a rebound name, another port, a missing Host and a foreign or opaque Origin', () => {
    expect(check(request({ host: 'evil.example:8765' }))).toMatch(/not allowed/);
    expect(check(request({ host: 'localhost:9999' }))).toMatch(/not allowed/);
    expect(check(request({ host: 'localhost' }))).toMatch(/not allowed/);
    expect(check(request({}))).toMatch(/\(none\)/);
    expect(check(request({ host: 'localhost:8765', origin: 'https://evil.example' }))).toMatch(/Origin/);
    expect(check(request({ host: 'localhost:8765', origin: 'http://localhost:9999' }))).toMatch(/Origin/);
    expect(check(request({ host: 'localhost:8765', origin: 'null' }))).toMatch(/Origin/);
  });
});

describe('bearerAuthenticator', () => {
  const authenticate = bearerAuthenticator([
    { token: 'first-token-123456', user: 'U00LEAD' },
    { token: 'second-token-123456', user: 'U00VIEWER' },
  ]);

  it('maps a configured token to its user', () => {
    expect(authenticate('Bearer first-token-123456')).toBe('U00LEAD');
    expect(authenticate('bearer second-token-123456')).toBe('U00VIEWER');
  });

  it('refuses a missing, malformed, partial or unknown token', () => {
    expect(authenticate(undefined)).toBeNull();
    expect(authenticate('first-token-123456')).toBeNull();
    expect(authenticate('Basic Zmlyc3Q=')).toBeNull();
    expect(authenticate('Bearer first-token')).toBeNull();
    expect(authenticate('Bearer first-token-1234567')).toBeNull();
    expect(authenticate('Bearer ')).toBeNull();
  });
});
