import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningHttpServer, startHttpServer } from '../../../src/bot/mcp/http-server.js';
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from '../../../src/bot/mcp/session-table.js';
import { resolveMcpTokens } from '../../../src/app/load-config.js';
import { testOpsbot } from '../../support/test-opsbot.js';

const TOKENS = { lead: 'lead-token-0123456789abcdef', viewer: 'viewer-token-0123456789abcdef' };

// Real initialize requests over HTTP against opsbot's Streamable HTTP server with small session bounds.
describe('MCP over HTTP: bounded sessions', () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>> | undefined;
  let server: RunningHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    await opsbot?.cleanup();
  });

  async function start(limits: Partial<SessionLimits>) {
    opsbot = await testOpsbot({
      overrides: { mcp: { tokens: [{ token: 'env:MCP_LEAD', user: 'U00LEAD' }, { token: 'env:MCP_VIEWER', user: 'U00VIEWER' }], allowedHosts: ['127.0.0.1'] } },
    });
    server = await startHttpServer({ gateway: opsbot.gateway, mcp: { ...opsbot.config.mcp, tokens: resolveMcpTokens(opsbot.config.mcp.tokens, { MCP_LEAD: TOKENS.lead, MCP_VIEWER: TOKENS.viewer }) }, port: 0, log: () => undefined, sessionLimits: limits });
    return server;
  }

  async function initialize(token: string): Promise<{ status: number; session: string | null; error?: { code: number; message: string } }> {
    const response = await fetch(server!.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '0' } } }),
    });
    const session = response.headers.get('mcp-session-id');
    if (response.status !== 200) return { status: response.status, session, ...((await response.json()) as { error: { code: number; message: string } }) };
    await response.body?.cancel();
    return { status: response.status, session };
  }

  function listTools(token: string, session: string) {
    return fetch(server!.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': session, 'mcp-protocol-version': LATEST_PROTOCOL_VERSION },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
  }

  it('caps sessions per token with a clear error, and frees a place when a session ends', async () => {
    await start({ perUser: 3, total: 100 });
    const opened = await Promise.all([1, 2, 3, 4, 5].map(() => initialize(TOKENS.lead)));
    expect(opened.filter((answer) => answer.status === 200)).toHaveLength(3);
    const refused = opened.find((answer) => answer.status === 429);
    expect(refused?.error).toMatchObject({ code: -32000 });
    expect(refused?.error?.message).toMatch(/Too many MCP sessions: 3 are open for this token \(at most 3\)/);
    // Another token has its own places.
    expect((await initialize(TOKENS.viewer)).status).toBe(200);

    // The SDK client sees the refusal too.
    const client = new Client({ name: 'test', version: '1' });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(server!.url), { requestInit: { headers: { authorization: `Bearer ${TOKENS.lead}` } } }))).rejects.toThrow(/Too many MCP sessions/);

    const first = opened.find((answer) => answer.status === 200)!.session!;
    const closed = await fetch(server!.url, { method: 'DELETE', headers: { authorization: `Bearer ${TOKENS.lead}`, 'mcp-session-id': first, 'mcp-protocol-version': LATEST_PROTOCOL_VERSION } });
    expect(closed.status).toBe(200);
    expect((await initialize(TOKENS.lead)).status).toBe(200);
  });

  it('caps sessions in total across tokens', async () => {
    await start({ perUser: 10, total: 4 });
    for (let index = 0; index < 3; index += 1) expect((await initialize(TOKENS.lead)).status).toBe(200);
    expect((await initialize(TOKENS.viewer)).status).toBe(200);
    const refused = await initialize(TOKENS.viewer);
    expect(refused.status).toBe(429);
    expect(refused.error?.message).toMatch(/the server holds 4, its limit/);
  });

  it('closes idle sessions, which frees their places', async () => {
    await start({ perUser: 1, total: 10, idleMs: 100 });
    const { session } = await initialize(TOKENS.lead);
    expect((await listTools(TOKENS.lead, session!)).status).toBe(200);
    // Polled rather than timed: the sweep closes the session some time after it has been idle for 100 ms.
    await expect.poll(async () => (await listTools(TOKENS.lead, session!)).status, { timeout: 10_000, interval: 100 }).toBe(404);
    expect((await initialize(TOKENS.lead)).status).toBe(200);
  });

  it('expires idle sessions within ten minutes by default', () => {
    expect(DEFAULT_SESSION_LIMITS.idleMs).toBeLessThanOrEqual(10 * 60_000);
    expect(DEFAULT_SESSION_LIMITS.perUser).toBeLessThanOrEqual(DEFAULT_SESSION_LIMITS.total);
  });
});
