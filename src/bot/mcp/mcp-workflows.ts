import type { Config } from '../../config/schema.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { KvRepository } from '../../store/kv-repository.js';
import { startWorkflows, type Workflows } from '../../workflows/start-workflows.js';
import { redactText } from '../../util/redact.js';
import type { OutboundRooms } from '../outbound-rooms.js';

// Follow-ups decided in another process (a declaration confirmed with `opsbot confirm`) are picked up this often.
const SWEEP_MS = 15_000;

/**
 * The follow-ups to outcomes in an MCP server process (an incident declared over MCP pages its commander, as from
 * any front end). MCP has no lasting conversation to post into: where a chat platform is configured (`rooms`) the
 * incident's room opens there, with its briefing, and the page's card goes into it; without one the card is found
 * like any pending action: in the approvals channel, `opsbot actions`, or `action_status`.
 */
export function startMcpWorkflows(options: { gateway: Gateway; kv: KvRepository; log: (line: string) => void; rooms?: OutboundRooms; config?: Config }): Workflows {
  const rooms = options.rooms?.rooms;
  const workflows = startWorkflows({
    gateway: options.gateway,
    kv: options.kv,
    ...(rooms ? { incident: rooms, poster: rooms.poster, upload: rooms.poster.upload, ...(options.config ? { config: options.config } : {}) } : {}),
    sweeps: (action) => action.origin.frontEnd === 'mcp',
    sweepIntervalMs: SWEEP_MS,
    onError: (error) => options.log(`follow-up failed: ${redactText(error instanceof Error ? error.message : String(error))}`),
  });
  return {
    ...workflows,
    async idle() {
      await workflows.idle();
      await options.rooms?.idle();
    },
    stop() {
      workflows.stop();
      void options.rooms?.stop();
    },
  };
}
