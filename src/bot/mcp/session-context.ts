import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { Origin } from '../../actions/origin.js';

/** One MCP session: a fixed identity (stdio config or bearer token) and the server answering it. */
export interface SessionContext {
  gateway: Gateway;
  actor: string;
  origin: Origin;
  server: Server;
  /** Diagnostics go here (stderr), never to stdout: over stdio that is the protocol stream. */
  log: (line: string) => void;
}

/** What the SDK hands a request handler. */
export type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Turns tool progress notes into MCP progress notifications when the client asked for them
 * (a progressToken on the request); the counter keeps `progress` strictly increasing as MCP requires.
 */
export function progressReporter(extra: RequestExtra): ((message: string) => void) | undefined {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return undefined;
  let progress = 0;
  return (message) => {
    progress += 1;
    // A client that went away must not fail the tool: progress is best effort.
    extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, message } }).catch(() => undefined);
  };
}
