import type { Gateway } from '../../gateway/gateway.js';
import type { KvRepository } from '../../store/kv-repository.js';
import { startWorkflows, type Workflows } from '../../workflows/start-workflows.js';
import { redactText } from '../../util/redact.js';

// Follow-ups decided in another process (a declaration confirmed with `opsbot confirm`) are picked up this often.
const SWEEP_MS = 15_000;

/**
 * The follow-ups to outcomes in an MCP server process (an incident declared over MCP pages its commander, as from
 * any front end). MCP has no lasting conversation to post into, so the page's card is found like any pending
 * action: in Slack's approvals channel, `opsbot actions`, or `action_status`.
 */
export function startMcpWorkflows(options: { gateway: Gateway; kv: KvRepository; log: (line: string) => void }): Workflows {
  return startWorkflows({
    gateway: options.gateway,
    kv: options.kv,
    sweeps: (action) => action.origin.frontEnd === 'mcp',
    sweepIntervalMs: SWEEP_MS,
    onError: (error) => options.log(`follow-up failed: ${redactText(error instanceof Error ? error.message : String(error))}`),
  });
}
