import { describe, expect, it } from 'vitest';
import { SendFailure } from '../../../src/bot/outbox/card-sender.js';
import { connectorFailure } from '../../../src/bot/teams/connector-failure.js';
import { AppToken } from '../../../src/bot/teams/app-token.js';
import { fileActivity } from '../../../src/bot/teams/teams-files.js';

function envelope(status: number, code: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: { code, message: `message echoing <secret> for ${code}` } }), { status, headers: { 'content-type': 'application/json', ...headers } });
}

describe('Bot Connector failures', () => {
  it('classifies them the way the outbox retries', async () => {
    const cases: Array<[Response, string]> = [
      [envelope(429, 'TooManyRequests', { 'retry-after': '7' }), 'rate_limited'],
      [envelope(401, 'Unauthorized'), 'needs_person'],
      [envelope(403, 'BotNotInConversationRoster'), 'needs_person'],
      [envelope(404, 'ConversationNotFound'), 'needs_person'],
      [envelope(502, 'ServiceError'), 'transient'],
      [new Response('<html>Service Unavailable</html>', { status: 503 }), 'transient'],
      [envelope(400, 'BadSyntax'), 'permanent'],
      [envelope(413, 'MessageSizeTooBig'), 'permanent'],
    ];
    for (const [response, kind] of cases) {
      const failure = await connectorFailure(response);
      expect(failure.kind, `${response.status}`).toBe(kind);
      expect(failure.reason).not.toContain('secret');
    }
    expect((await connectorFailure(envelope(429, 'TooManyRequests', { 'retry-after': '7' }))).retryAfterMs).toBe(7000);
    expect((await connectorFailure(envelope(403, 'BotNotInConversationRoster'))).reason).toBe('Teams 403 BotNotInConversationRoster');
  });

  it('refuses a file that cannot fit in a Teams message before sending it', () => {
    const big = Buffer.alloc(40 * 1024, 1);
    expect(() => fileActivity({ bytes: big, filename: 'chart.png', mimeType: 'image/png', title: 'chart' })).toThrow(SendFailure);
    const small = fileActivity({ bytes: Buffer.from('abc'), filename: 'chart.png', mimeType: 'image/png', title: 'chart' });
    expect(small.attachments).toEqual([{ contentType: 'image/png', contentUrl: 'data:image/png;base64,YWJj', name: 'chart.png' }]);
  });

  it('asks a person when Entra refuses the app secret, without the secret in the reason', async () => {
    const token = new AppToken({ appId: 'app', appPassword: 'a-wrong-app-password', tenantId: 'tenant', tokenUrl: 'http://127.0.0.1:9/token' }, async () =>
      new Response(JSON.stringify({ error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }), { status: 401 }),
    );
    const failure = (await token.token().catch((error: unknown) => error)) as SendFailure;
    expect(failure).toBeInstanceOf(SendFailure);
    expect(failure.kind).toBe('needs_person');
    expect(failure.reason).toContain('invalid_client');
    expect(failure.message).not.toContain('a-wrong-app-password');
  });
});
