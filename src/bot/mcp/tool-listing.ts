import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ToolEntry } from '../../gateway/tool-catalog.js';
import { envelopeSchema } from './result-envelope.js';

const listed = new WeakMap<ToolEntry, Tool>();

/**
 * The registry tools MCP offers. A tool that reports back later in its conversation (status_watch) is
 * left out: an MCP session has no conversation that outlives the call, so its reports would never arrive.
 */
export function mcpOffers(tool: ToolEntry): boolean {
  return !tool.reportsLater;
}

/**
 * A registry tool as MCP lists it. The input schema is made by zod's own converter with
 * `io: 'input'`, exactly as the agent builds its tool list (DESIGN §6), so defaults stay optional
 * for the caller. Annotations are derived from the definition's own fields; the gateway still decides.
 *
 * The list is kept small because an IDE's model reads all of it on every turn: the result envelope,
 * the same for every tool, is described once in the server instructions (serverInstructions), so an
 * `outputSchema` is sent only by a tool whose `data` has a shape of its own; `$schema` is left out
 * (MCP fixes the dialect) and the title is said once, on the tool.
 */
export function mcpToolOf(tool: ToolEntry): Tool {
  const cached = listed.get(tool);
  if (cached) return cached;
  const mutation = tool.effect === 'mutate';
  const entry: Tool = {
    name: tool.name,
    title: tool.title,
    description: mutation ? `${tool.description} ${MUTATION_NOTE}` : tool.description,
    inputSchema: compactSchema(z.toJSONSchema(tool.input, { io: 'input' })) as Tool['inputSchema'],
    ...(tool.output ? { outputSchema: compactSchema(z.toJSONSchema(envelopeSchema(tool.output), { io: 'output' })) as Tool['outputSchema'] } : {}),
    annotations: annotationsOf(tool),
  };
  listed.set(tool, entry);
  return entry;
}

/** MCP's hints, stated only from what the definition says about the tool. */
export function annotationsOf(tool: ToolEntry): NonNullable<Tool['annotations']> {
  const readOnly = tool.effect === 'read' && !tool.keepsState;
  return {
    readOnlyHint: readOnly,
    // MCP reads destructive and idempotent only when a tool is not read-only; unset means "destructive".
    ...(readOnly ? {} : { destructiveHint: tool.destructive ?? tool.effect === 'mutate', idempotentHint: tool.idempotent ?? false }),
    openWorldHint: tool.openWorld ?? false,
  };
}

/** Without `$schema`, and without properties only buttons fill in (`.meta({ cardsOnly: true })`): an MCP client never sets them. */
function compactSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = schema;
  if (!rest.properties || typeof rest.properties !== 'object') return rest;
  const properties = Object.entries(rest.properties as Record<string, { cardsOnly?: unknown }>).filter(([, property]) => property?.cardsOnly !== true);
  return { ...rest, properties: Object.fromEntries(properties) };
}

// Said in every mutation's description (briefly; the instructions say more) so a model does not retry a call that only waits for a person.
const MUTATION_NOTE = 'Proposes the change: you may be asked to confirm, else it stays "pending" for an approver; follow its action id with action_status.';
