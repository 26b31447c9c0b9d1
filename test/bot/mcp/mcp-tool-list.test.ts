import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testOpsbot } from '../../support/test-opsbot.js';
import { call, connectInMemory } from './mcp-test-client.js';

// What an IDE's client and model read from opsbot's MCP server: the tool list, its hints, and protocol errors.
describe('MCP tool list and protocol errors', () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  let lead: Client;
  let close: () => Promise<void>;
  beforeAll(async () => {
    opsbot = await testOpsbot();
    ({ client: lead, close } = await connectInMemory(opsbot.gateway, 'U00LEAD'));
  });
  afterAll(async () => {
    await close();
    await opsbot.cleanup();
  });

  // An IDE client receives every permitted tool (no groups there), so the bound is per tool: each one pays for itself in words.
  it("keeps a lead's tools/list under 520 bytes a tool, with every input schema and the envelope described once", async () => {
    const { tools } = await lead.listTools();
    expect(Buffer.byteLength(JSON.stringify({ tools })) / tools.length).toBeLessThan(520);
    expect(tools.length).toBeGreaterThanOrEqual(18);
    for (const tool of tools) expect(tool.inputSchema.type).toBe('object');
    expect(tools.find((tool) => tool.name === 'page')?.inputSchema.properties).toHaveProperty('message');
    const instructions = lead.getInstructions() ?? '';
    for (const status of ['ok', 'pending', 'succeeded', 'denied', 'not_pending']) expect(instructions).toContain(status);
    expect(instructions).toMatch(/action \{ id, tool, args, state/);
  });

  it('derives honest annotations from each tool definition', async () => {
    const { tools } = await lead.listTools();
    const hints = Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations]));
    expect(hints.deploy).toMatchObject({ readOnlyHint: false, idempotentHint: false, destructiveHint: true, openWorldHint: true });
    expect(hints.incident_update).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(hints.incident_resolve).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(hints.service_status).toEqual({ readOnlyHint: true, openWorldHint: true });
    expect(hints.action_status).toEqual({ readOnlyHint: true, openWorldHint: false });
    expect(hints.page).toMatchObject({ readOnlyHint: false, openWorldHint: true });
  });

  it('does not offer status_watch, whose reports an MCP session would never receive, and says why when it is called', async () => {
    const { tools } = await lead.listTools();
    expect(tools.map((tool) => tool.name)).not.toContain('status_watch');
    await expect(call(lead, 'status_watch', { action: 'stalk', service: 'frontend' })).rejects.toThrow(/^MCP error -32602: Unknown tool: status_watch is not offered over MCP/);
    expect(await opsbot.backends.watches.list('U00LEAD')).toEqual([]);
  });

  it('says an unknown tool once, without a doubled prefix', async () => {
    await expect(call(lead, 'no_such_tool', {})).rejects.toMatchObject({ code: -32602, message: 'MCP error -32602: Unknown tool: no_such_tool' });
  });

  it('answers malformed tools/call params with one readable sentence, not a zod dump', async () => {
    const asked = (params: unknown) => lead.request({ method: 'tools/call', params: params as never }, ResultSchema).catch((caught: unknown) => caught as Error & { code: number });
    const noName = await asked({ arguments: 'x' });
    expect(noName.code).toBe(-32602);
    expect(noName.message).toBe('MCP error -32602: Invalid tools/call params: name must be the tool name, a string; arguments must be an object of named arguments.');
    const badArguments = await asked({ name: 'deploy', arguments: [1, 2] });
    expect(badArguments.message).toBe('MCP error -32602: Invalid tools/call params: arguments must be an object of named arguments.');
    expect(badArguments.message).not.toMatch(/invalid_type|"path"/);
    // Still serving afterwards.
    expect((await call(lead, 'service_status', { service: 'api' })).envelope.status).toBe('ok');
  });
});
