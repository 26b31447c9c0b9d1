import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import type { ToolEntry } from '../../gateway/tool-catalog.js';

// Converting a schema walks it; tools are built once per config, so one conversion per tool object is enough.
const converted = new WeakMap<ToolEntry, Tool>();

/**
 * One registry tool as the Messages API wants it. zod's own converter (io: 'input', so defaults are optional
 * and transforms show their input side); `$schema` is dropped because it costs tokens and tells the model nothing.
 */
export function toolSchema(tool: ToolEntry): Tool {
  const cached = converted.get(tool);
  if (cached) return cached;
  const { $schema: _dialect, ...schema } = z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const definition: Tool = { name: tool.name, description: tool.description, input_schema: { ...(withoutPeopleOnly(compact(schema) as Record<string, unknown>)), type: 'object' } };
  converted.set(tool, definition);
  return definition;
}

/**
 * The tool list for one request, in registry order, with the last entry marked for prompt caching: the cache
 * prefix (tools, then the stable system block) is then reused by every user who sees the same tools.
 */
export function toolSchemas(tools: readonly ToolEntry[]): Tool[] {
  const list = tools.map(toolSchema);
  const last = list[list.length - 1];
  if (last) list[list.length - 1] = { ...last, cache_control: { type: 'ephemeral' } };
  return list;
}

// Arguments for people reading an answer (`--explain` lists every query); a model gets what it needs to reason from the
// answer itself (an UNKNOWN or n/a names the selector and query that found nothing), so it is not offered them.
const PEOPLE_ONLY = ['explain'];

function withoutPeopleOnly(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = schema.properties as Record<string, unknown> | undefined;
  if (!properties || !PEOPLE_ONLY.some((name) => name in properties)) return schema;
  return { ...schema, properties: Object.fromEntries(Object.entries(properties).filter(([name]) => !PEOPLE_ONLY.includes(name))) };
}

/**
 * Drops what costs tokens in every request and guides no choice the model makes; the gateway still validates the
 * full schema, and a violation comes back as an error result the model can fix:
 * - string length bounds (about a sixth of the tool definitions' tokens);
 * - string patterns (ids and versions come from the catalog in the system prompt or from earlier results, and a
 *   refusal names the expected form);
 * - `type` beside an `enum` of strings (the values already say it);
 * - properties marked `.meta({ cardsOnly: true })`: filled in by buttons from stored records (a card's exact
 *   alert labels), never something the model chooses.
 */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;

  const enumOfStrings = Array.isArray(record.enum) && record.enum.every((entry) => typeof entry === 'string') && record.type === 'string';
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record)) {
    if (key === 'minLength' || key === 'maxLength' || key === 'pattern' || (enumOfStrings && key === 'type')) continue;
    out[key] = key === 'properties' ? compact(withoutCardsOnly(inner as Record<string, unknown>)) : compact(inner);
  }
  return out;
}

function withoutCardsOnly(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).filter(([, property]) => (property as { cardsOnly?: unknown } | null)?.cardsOnly !== true));
}
