import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { resolveMcpTokens } from '../../app/load-config.js';
import type { Config } from '../../config/schema.js';
import { ConfigError, OpsbotError } from '../../errors.js';
import type { Gateway } from '../../gateway/gateway.js';
import { startLeaseSweep } from '../../gateway/lease-sweep.js';
import { redactText } from '../../util/redact.js';
import { createMcpServer } from './create-mcp-server.js';
import { bearerAuthenticator, hostGuard } from './http-guard.js';
import { JSON_RPC, readBody, replyError } from './http-replies.js';
import { DEFAULT_SESSION_LIMITS, type Session, type SessionLimits, SessionTable } from './session-table.js';
import type { RunningMcpServer } from './stdio-server.js';

/** Where MCP is served; everything else is 404. */
export const MCP_PATH = '/mcp';
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Options for `opsbot mcp --http`. */
export interface HttpServerOptions {
  gateway: Gateway;
  /** `mcp` section of the config: bearer tokens and allowed Host/Origin names. */
  mcp: Config['mcp'];
  /** Interface to bind; loopback unless the operator says otherwise. */
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  log: (line: string) => void;
  /** Bounds on open sessions (tests shorten them). */
  sessionLimits?: Partial<SessionLimits>;
  /** How often interrupted actions are swept (default: a quarter lease); tests shorten it. */
  sweepIntervalMs?: number;
  /** Where `env:NAME` tokens are read, here and nowhere else (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

/** A listening Streamable HTTP server. */
export interface RunningHttpServer extends RunningMcpServer {
  url: string;
  port: number;
}

/**
 * Streamable HTTP with sessions: each session is bound to the user its bearer token maps to, and
 * has its own server, so tools/list and every call use that identity. Stateful because elicitation
 * and progress travel on the stream of the call they belong to.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { gateway, log } = options;
  if (options.mcp.tokens.length === 0) {
    throw new ConfigError(['mcp.tokens: none configured, so every HTTP request would be refused; add entries like { token: env:OPSBOT_MCP_TOKEN, user: U012ABC }']);
  }
  const host = options.host ?? '127.0.0.1';
  const authenticate = bearerAuthenticator(resolveMcpTokens(options.mcp.tokens, options.env ?? process.env));
  const sessions = new SessionTable({ ...DEFAULT_SESSION_LIMITS, ...options.sessionLimits });
  let checkHost: ReturnType<typeof hostGuard> = () => 'not listening yet';

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refusal = checkHost(request);
    if (refusal) return replyError(response, 403, JSON_RPC.serverError, `Forbidden: ${refusal}`);
    if (new URL(request.url ?? '/', 'http://local').pathname !== MCP_PATH) return replyError(response, 404, JSON_RPC.serverError, `Not found: MCP is served at ${MCP_PATH}`);
    const user = authenticate(request.headers.authorization);
    if (!user) {
      const error = request.headers.authorization ? ', error="invalid_token"' : '';
      return replyError(response, 401, JSON_RPC.unauthorized, 'Unauthorized: send Authorization: Bearer <token> with a token from mcp.tokens', { 'www-authenticate': `Bearer realm="opsbot"${error}` });
    }

    const sessionId = request.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      // A session belongs to one token's user; to anyone else it does not exist.
      if (!session || session.user !== user) return replyError(response, 404, JSON_RPC.serverError, 'Session not found; initialize a new one');
      return track(session, response, () => session.transport.handleRequest(request, response));
    }
    if (request.method !== 'POST') return replyError(response, 400, JSON_RPC.serverError, 'Bad Request: no Mcp-Session-Id; POST an initialize request first');

    const text = await readBody(request, MAX_BODY_BYTES);
    if (text === null) return replyError(response, 413, JSON_RPC.invalidRequest, `Payload too large (over ${MAX_BODY_BYTES} bytes)`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return replyError(response, 400, JSON_RPC.parseError, 'Parse error: the body is not valid JSON');
    }
    if (!isInitializeRequest(body)) return replyError(response, 400, JSON_RPC.serverError, 'Bad Request: no Mcp-Session-Id; POST an initialize request first');

    const place = sessions.reserve(user);
    if ('refusal' in place) return replyError(response, 429, JSON_RPC.serverError, place.refusal, { 'retry-after': '60' });
    try {
      const id = randomUUID();
      const server = await createMcpServer({ gateway, actor: user, session: id, log });
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => id,
        onsessioninitialized: () => sessions.add(id, session),
      });
      const session: Session = { user, transport, server, lastSeen: Date.now(), inFlight: 0 };
      transport.onclose = () => sessions.delete(id);
      await server.connect(transport);
      await track(session, response, () => transport.handleRequest(request, response, body));
    } finally {
      place.release();
    }
  }

  const httpServer = createServer((request, response) => {
    // Nothing a client sends may take the server down: every fault ends as one error reply.
    route(request, response).catch((error: unknown) => {
      log(`HTTP ${request.method} ${request.url} failed: ${redactText(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
      replyError(response, 500, -32603, 'Internal error');
    });
  });

  const port = await listen(httpServer, host, options.port ?? 8765);
  checkHost = hostGuard(allowedHostsFor(options.mcp.allowedHosts, host), port);
  // Sessions of clients that vanished without DELETE are closed once idle, unless a stream is open.
  const sweeper = setInterval(() => {
    for (const session of sessions.idle(Date.now())) void session.transport.close();
  }, Math.min(60_000, Math.max(10, sessions.limits.idleMs / 4))).unref();
    // A long-lived front end: actions interrupted in another process become outcome_unknown while this one runs.
  const leases = startLeaseSweep(gateway, { intervalMs: options.sweepIntervalMs, onError: (error) => log(`lease sweep failed: ${redactText(error instanceof Error ? error.message : String(error))}`) });

  let closing: Promise<void> | undefined;
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const close = () =>
    (closing ??= (async () => {
      clearInterval(sweeper);
      leases.stop();
      await Promise.allSettled([...sessions.values()].map((session) => session.server.close()));
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      markClosed();
    })());
  const shown = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${port}${MCP_PATH}`, port, closed, close };
}

async function track(session: Session, response: ServerResponse, handle: () => Promise<void>): Promise<void> {
  session.lastSeen = Date.now();
  session.inFlight += 1;
  response.once('close', () => {
    session.inFlight -= 1;
    session.lastSeen = Date.now();
  });
  await handle();
}

// The configured names, plus the bind address when the operator chose a specific one.
function allowedHostsFor(configured: readonly string[], host: string): string[] {
  const wildcard = host === '0.0.0.0' || host === '::';
  return wildcard || configured.includes(host) ? [...configured] : [...configured, host];
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(new OpsbotError('mcp_listen_failed', error.code === 'EADDRINUSE' ? `port ${port} on ${host} is in use; pick another with --port` : `cannot listen on ${host}:${port}: ${error.message}`));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
