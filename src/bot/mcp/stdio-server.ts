import { randomBytes } from 'node:crypto';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Gateway } from '../../gateway/gateway.js';
import { createMcpServer } from './create-mcp-server.js';

/** A running MCP server: `closed` settles when the client leaves or `close` is called. */
export interface RunningMcpServer {
  closed: Promise<void>;
  close(): Promise<void>;
}

/** Options for serving one stdio session. */
export interface StdioServerOptions {
  gateway: Gateway;
  /** The configured identity (see stdio-identity.ts). */
  user: string;
  log: (line: string) => void;
}

/**
 * Serves MCP on this process's stdin/stdout: one client, one session, one identity. Only protocol
 * messages may reach stdout, so the caller must send every diagnostic to stderr.
 */
export async function serveStdio(options: StdioServerOptions): Promise<RunningMcpServer> {
  const session = `stdio-${randomBytes(6).toString('hex')}`;
  const server = await createMcpServer({ gateway: options.gateway, actor: options.user, session, log: options.log });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
  });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= server.close());
  // The SDK transport does not watch for end of input; a client that closes our stdin has left.
  process.stdin.once('end', () => void close());
  // Writing to a client that is gone raises EPIPE on stdout; that is a departure, not a crash.
  process.stdout.on('error', () => void close());
  await server.connect(transport);
  return { closed, close };
}
