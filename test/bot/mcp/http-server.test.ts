import { request as httpRequest } from 'node:http';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHttpServer, startHttpServer } from '../../../src/bot/mcp/http-server.js';
import { resolveMcpTokens } from '../../../src/app/load-config.js';
import { testOpsbot } from '../../support/test-opsbot.js';
import { type Answer, call, testClient } from './mcp-test-client.js';

const TOKENS = { lead: 'lead-token-0123456789abcdef', viewer: 'viewer-token-0123456789abcdef', dev: 'dev-token-0123456789abcdef' };

// opsbot's Streamable HTTP server in-process on a free loopback port, met by the SDK client and by raw requests.
describe('MCP over Streamable HTTP', () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  let server: RunningHttpServer;
  const logged: string[] = [];

  beforeAll(async () => {
    opsbot = await testOpsbot({
      overrides: {
        mcp: {
          tokens: [
            { token: 'env:MCP_LEAD', user: 'U00LEAD' },
            { token: 'env:MCP_VIEWER', user: 'U00VIEWER' },
            { token: 'env:MCP_DEV', user: 'U00DEV' },
          ],
          allowedHosts: ['127.0.0.1', 'localhost'],
        },
      },
    });
    server = await startHttpServer({ gateway: opsbot.gateway, mcp: { ...opsbot.config.mcp, tokens: resolveMcpTokens(opsbot.config.mcp.tokens, { MCP_LEAD: TOKENS.lead, MCP_VIEWER: TOKENS.viewer, MCP_DEV: TOKENS.dev }) }, port: 0, log: (line) => logged.push(line) });
  });
  afterAll(async () => {
    await server.close();
    await opsbot.cleanup();
  });

  async function connect(token: string, answer: Answer = 'unsupported') {
    const { client, forms } = testClient(answer);
    const transport = new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
    await client.connect(transport);
    await client.listTools();
    return { client, forms, transport };
  }

  it('refuses a request without a token, or with an unknown one, with 401 and WWW-Authenticate: Bearer', async () => {
    const none = await raw({ body: initializeBody() });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer /);
    const wrong = await raw({ body: initializeBody(), headers: { authorization: 'Bearer not-a-real-token' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('error="invalid_token"');
    await expect(connect('not-a-real-token')).rejects.toThrow(/401|Unauthorized/);
  });

  it('refuses a foreign Host or Origin (DNS rebinding) before looking at the token', async () => {
    const host = await raw({ body: initializeBody(), headers: { host: `evil.example:${server.port}`, authorization: `Bearer ${TOKENS.lead}` } });
    expect(host.status).toBe(403);
    const origin = await raw({ body: initializeBody(), headers: { origin: 'http://evil.example', authorization: `Bearer ${TOKENS.lead}` } });
    expect(origin.status).toBe(403);
    const ownOrigin = await raw({ body: initializeBody(), headers: { origin: `http://localhost:${server.port}`, authorization: `Bearer ${TOKENS.lead}` } });
    expect(ownOrigin.status).toBe(200);
  });

  it('maps each token to its user: tools/list per role', async () => {
    const viewer = await connect(TOKENS.viewer);
    const lead = await connect(TOKENS.lead);
    expect((await viewer.client.listTools()).tools.map((tool) => tool.name)).not.toContain('deploy');
    expect((await lead.client.listTools()).tools.map((tool) => tool.name)).toContain('deploy');
    await Promise.all([viewer.client.close(), lead.client.close()]);
  });

  it('runs a read and a staging deploy confirmed through elicitation on the call stream', async () => {
    const { client, forms } = await connect(TOKENS.dev, 'accept');
    expect((await call(client, 'deploy_history', { service: 'frontend' })).envelope.status).toBe('ok');
    const deployed = await call(client, 'deploy', { service: 'auth', environment: 'staging', version: 'v9.9.9' });
    expect(forms).toHaveLength(1);
    expect(deployed.envelope).toMatchObject({ status: 'succeeded', action: { state: 'succeeded', requester: 'U00DEV' } });
    const invalid = await call(client, 'deploy', { service: 'auth', environment: 'moon', version: 'v9.9.9' });
    expect(invalid).toMatchObject({ isError: true, envelope: { status: 'invalid' } });
    await client.close();
  });

  it('answers garbage with protocol errors and keeps serving', async () => {
    const lead = { authorization: `Bearer ${TOKENS.lead}` };
    const notJson = await raw({ body: '{"jsonrpc": "2.0", "method": ', headers: lead });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.text)).toMatchObject({ error: { code: -32700 } });
    const notInitialize = await raw({ body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }), headers: lead });
    expect(notInitialize.status).toBe(400);

    const { client, transport } = await connect(TOKENS.lead);
    const inSession = { ...lead, 'mcp-session-id': transport.sessionId ?? '', 'mcp-protocol-version': LATEST_PROTOCOL_VERSION };
    const garbled = await raw({ body: 'nonsense', headers: inSession });
    expect(garbled.status).toBe(400);
    expect(garbled.text).toContain('-32700');
    const unknownMethod = await raw({ body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'no/such/method' }), headers: inSession });
    expect(unknownMethod.text).toContain('-32601');
    const badParams = await raw({ body: JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tools/call', params: { arguments: 'x' } }), headers: inSession });
    expect(badParams.text).toContain('-32602');
    const wrongPath = await raw({ body: initializeBody(), headers: lead, path: '/other' });
    expect(wrongPath.status).toBe(404);

    expect((await call(client, 'service_status', { service: 'api' })).envelope.status).toBe('ok');
    await client.close();
  });

  it('binds a session to its token: another token cannot use it', async () => {
    const { client, transport } = await connect(TOKENS.lead);
    const hijack = await raw({
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      headers: { authorization: `Bearer ${TOKENS.viewer}`, 'mcp-session-id': transport.sessionId ?? '', 'mcp-protocol-version': LATEST_PROTOCOL_VERSION },
    });
    expect(hijack.status).toBe(404);
    await client.close();
  });

  function raw(options: { body: string; headers?: Record<string, string>; path?: string }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          path: options.path ?? '/mcp',
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...options.headers },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
            // A request answered on an event stream stays open until its response event arrives.
            if (text.includes('\n\n') && text.includes('"jsonrpc"')) response.destroy();
          });
          const done = () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text });
          response.on('end', done);
          response.on('close', done);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(options.body);
    });
  }
});

function initializeBody(): string {
  return JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
}
