import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { type CallToolResult, CallToolResultSchema, ElicitRequestSchema, type ElicitRequestFormParams, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { createMcpServer } from '../../../src/bot/mcp/create-mcp-server.js';
import type { Gateway } from '../../../src/gateway/gateway.js';

/** How the test user answers a confirmation form; 'fail' errors while showing it; 'unsupported' declares no elicitation capability at all. */
export type Answer = 'accept' | 'accept-unticked' | 'decline' | 'cancel' | 'fail' | 'unsupported';

/** A real SDK client that records the forms it was shown and answers them as told. */
export function testClient(answer: Answer): { client: Client; forms: ElicitRequestFormParams[] } {
  const client = new Client({ name: 'opsbot-test', version: '1.0.0' }, { capabilities: answer === 'unsupported' ? {} : { elicitation: { form: {} } } });
  const forms: ElicitRequestFormParams[] = [];
  if (answer !== 'unsupported') {
    client.setRequestHandler(ElicitRequestSchema, async (request): Promise<ElicitResult> => {
      forms.push(request.params as ElicitRequestFormParams);
      if (answer === 'accept') return { action: 'accept', content: { confirm: true } };
      if (answer === 'accept-unticked') return { action: 'accept', content: { confirm: false } };
      if (answer === 'fail') throw new Error('the form could not be shown');
      return { action: answer };
    });
  }
  return { client, forms };
}

/** The client connected to a fresh opsbot MCP session over linked in-memory transports. */
export async function connectInMemory(gateway: Gateway, actor: string, answer: Answer = 'unsupported') {
  const { client, forms } = testClient(answer);
  const server = await createMcpServer({ gateway, actor, session: `test-${actor}`, log: () => undefined });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  // Listing first lets the client validate structured content against each tool's output schema.
  await client.listTools();
  return { client, forms, close: () => client.close() };
}

/** Calls a tool and returns the result with its envelope typed loosely for assertions. */
export async function call(client: Client, name: string, args: Record<string, unknown>, onprogress?: (progress: { message?: string }) => void) {
  const result = (await client.callTool({ name, arguments: args }, CallToolResultSchema, { onprogress, timeout: 15_000 })) as CallToolResult;
  return { ...result, envelope: result.structuredContent as unknown as Envelope };
}

/** The structured content opsbot returns, as tests read it. */
export interface Envelope {
  status: string;
  text: string;
  data?: Record<string, unknown>;
  action?: { id: string; state: string; approver: string; summary: string; requester: string; args: Record<string, unknown>; expiresAt: string; decidedBy: string | null };
}
