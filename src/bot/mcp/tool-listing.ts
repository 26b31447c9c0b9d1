import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { AnyTool } from '../../tools/define-tool.js';
import { envelopeSchema } from './result-envelope.js';

const listed = new WeakMap<AnyTool, Tool>();

/**
 * A registry tool as MCP lists it. The input schema is made by zod's own converter with
 * `io: 'input'`, exactly as the agent builds its tool list (DESIGN §6), so defaults stay optional
 * for the caller. Annotations state only what the definition says; the gateway still decides.
 */
export function mcpToolOf(tool: AnyTool): Tool {
  const cached = listed.get(tool);
  if (cached) return cached;
  const mutation = tool.effect === 'mutate';
  const entry: Tool = {
    name: tool.name,
    title: tool.title,
    description: mutation ? `${tool.description} ${MUTATION_NOTE}` : tool.description,
    inputSchema: z.toJSONSchema(tool.input, { io: 'input' }) as Tool['inputSchema'],
    outputSchema: z.toJSONSchema(envelopeSchema(tool.output), { io: 'output' }) as Tool['outputSchema'],
    annotations: mutation
      ? { title: tool.title, readOnlyHint: false, destructiveHint: tool.destructive ?? false, idempotentHint: tool.idempotent ?? false }
      : { title: tool.title, readOnlyHint: true },
  };
  listed.set(tool, entry);
  return entry;
}

// Said once in every mutation's description so a model does not retry a call that is only waiting for a person.
const MUTATION_NOTE =
  'Over MCP this proposes the change: you are asked to confirm it when policy lets you, otherwise it waits for an approver and the result has status "pending" with an action id to follow with action_status.';
