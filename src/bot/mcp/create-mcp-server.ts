import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Gateway } from '../../gateway/gateway.js';
import type { Origin } from '../../gateway/origin.js';
import { redactText } from '../../util/redact.js';
import { callTool } from './call-tool.js';
import { serverInfo, serverInstructions } from './server-info.js';
import type { SessionContext } from './session-context.js';
import { mcpToolOf } from './tool-listing.js';

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
  const grants = await gateway.policy.grantsOf(actor).catch(() => ({ roles: [] as string[] }));
  const server = new Server(serverInfo, { capabilities: { tools: {} }, instructions: serverInstructions(actor, grants.roles) });
  const origin: Origin = { frontEnd: 'mcp', session, conversationId: `mcp:${session}` };
  const context: SessionContext = { gateway, actor, origin, server, log };

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await gateway.visibleTools(actor)).map(mcpToolOf) }));
  server.setRequestHandler(LooseCallToolRequestSchema, (request, extra) => {
    const parsed = CallToolRequestSchema.safeParse(request);
    if (!parsed.success) throw new McpError(ErrorCode.InvalidParams, `Invalid tools/call params: ${z.prettifyError(parsed.error)}`);
    return callTool(context, parsed.data, extra);
  });
  server.onerror = (error) => log(`session ${session}: ${redactText(error.message)}`);
  return server;
}

// The SDK answers params that fail its schema with -32603 and a raw zod dump; we parse them ourselves
// so malformed tools/call params get JSON-RPC's -32602 and a readable message.
const LooseCallToolRequestSchema = CallToolRequestSchema.extend({ params: z.unknown() });
