import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { actionViewSchema } from '../presenter/action-view.js';
import { redact } from '../../util/redact.js';

/**
 * Every opsbot tool answers over MCP with one structured envelope, because one call can end in
 * several ways (ran, pending approval, confirmed and ran, declined, refused) and a client should
 * branch on `status` rather than guess from the shape. `data` is the tool's own ToolResult data.
 */
export const resultStatusSchema = z.enum([
  'ok', // a read ran; `data` holds its result
  'pending', // a mutation waits for a human approval; `action` says who may approve and until when
  'succeeded', // a mutation was confirmed through elicitation and ran; `data` holds its result
  'failed', // a confirmed mutation ran and failed
  'cancelled', // the requester declined the confirmation; nothing ran
  'not_pending', // the action expired or was handled elsewhere before the confirmation landed
  'invalid', // unknown tool or arguments that do not fit its schema
  'denied', // policy refused
  'error', // the tool ran and its backend said no
]);

/** The structured content of every opsbot tool result; a tool with an `output` schema narrows `data`. */
export function envelopeSchema(data: z.ZodType = z.record(z.string(), z.unknown())) {
  return z.object({ status: resultStatusSchema, text: z.string(), data: data.optional(), action: actionViewSchema.optional() });
}

/** One envelope as sent. */
export type ResultEnvelope = z.output<ReturnType<typeof envelopeSchema>>;

/**
 * Builds the MCP result: the human text for models (which read text, not JSON, best) plus the
 * envelope as structured content. Refusals and failures set `isError` so the model sees them as
 * tool errors it can act on, not protocol faults (MCP's second error channel).
 */
export function toolResult(envelope: ResultEnvelope): CallToolResult {
  const safe = redact(envelope);
  const isError = ['invalid', 'denied', 'error', 'failed'].includes(safe.status);
  return { content: [{ type: 'text', text: safe.text }], structuredContent: stripUndefined(safe), ...(isError ? { isError: true } : {}) };
}

/** Tool data is unknown to the gateway; only plain objects travel as structured `data`. */
export function asData(data: unknown): Record<string, unknown> | undefined {
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}

function stripUndefined(envelope: ResultEnvelope): Record<string, unknown> {
  return Object.fromEntries(Object.entries(envelope).filter(([, value]) => value !== undefined));
}
