import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { type CallToolRequest, ErrorCode, type JSONRPCRequest, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Gateway } from '../../gateway/gateway.js';
import type { Origin } from '../../actions/origin.js';
import { redactText } from '../../util/redact.js';
import { callTool } from './call-tool.js';
import { registerIncidentResources } from './incident-resources.js';
import { invalidParams, ProtocolError } from './protocol-error.js';
import { serverInfo, serverInstructions } from './server-info.js';
import type { RequestExtra, SessionContext } from './session-context.js';
import { mcpOffers, mcpToolOf } from './tool-listing.js';

/** What one MCP session is bound to. */
export interface McpSessionOptions {
  gateway: Gateway;
  /** The verified identity: configured for stdio, mapped from the bearer token over HTTP. */
  actor: string;
  /** Session id; also the conversation key `mcp:<session>` for outcomes and memory. */
  session: string;
  log: (line: string) => void;
}

/**
 * One MCP server per session, on the SDK's low-level `Server` rather than `McpServer`: the tool
 * table is opsbot's registry filtered per identity at list time, and arguments must reach the
 * gateway unvalidated so that the gateway is the one validator (and auditor) for every front end.
 * McpServer would validate first with its own messages and keep its own static tool table.
 */
export async function createMcpServer(options: McpSessionOptions): Promise<Server> {
  const { gateway, actor, session, log } = options;
  const grants = await gateway.grantsOf(actor).catch(() => ({ roles: [] as string[] }));
  const server = new Server(serverInfo, { capabilities: { tools: {}, resources: {} }, instructions: serverInstructions(actor, grants.roles) });
  const origin: Origin = { frontEnd: 'mcp', session, conversationId: `mcp:${session}` };
  const context: SessionContext = { gateway, actor, origin, server, log };

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await gateway.visibleTools(actor)).filter(mcpOffers).map(mcpToolOf) }));
  // tools/call is answered by the fallback handler: Server.setRequestHandler would wrap it in the SDK's own
  // validation, which answers malformed params with a raw zod dump, before our handler could say it plainly.
  server.fallbackRequestHandler = (request: JSONRPCRequest, extra: RequestExtra) => {
    if (request.method !== 'tools/call') return Promise.reject(new ProtocolError(ErrorCode.MethodNotFound, `Method not found: ${request.method}`));
    return callTool(context, callRequestOf(request), extra);
  };
  registerIncidentResources(server, context);
  server.onerror = (error) => log(`session ${session}: ${redactText(error.message)}`);
  return server;
}

// Written for the person reading the client's error, one sentence per problem.
const CallParamsSchema = z.looseObject(
  {
    name: z.string({ error: 'name must be the tool name, a string' }).min(1, { error: 'name must be the tool name, a string' }),
    arguments: z.record(z.string(), z.unknown(), { error: 'arguments must be an object of named arguments' }).optional(),
  },
  { error: 'params must be an object with name and arguments' },
);

function callRequestOf(request: JSONRPCRequest): CallToolRequest {
  const parsed = CallParamsSchema.safeParse(request.params);
  if (!parsed.success) throw invalidParams(`Invalid tools/call params: ${[...new Set(parsed.error.issues.map((issue) => issue.message))].join('; ')}.`);
  return { method: 'tools/call', params: parsed.data as CallToolRequest['params'] };
}
