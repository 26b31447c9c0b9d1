import type { CallToolRequest, CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { OpsbotError } from '../../errors.js';
import { redactText } from '../../util/redact.js';
import { withChart } from './chart-content.js';
import { settlePending } from './confirm-pending.js';
import { invalidParams, ProtocolError } from './protocol-error.js';
import { asData, toolResult } from './result-envelope.js';
import { progressReporter, type RequestExtra, type SessionContext } from './session-context.js';
import { mcpOffers } from './tool-listing.js';

/**
 * `tools/call`: translate and route. The raw arguments go to the gateway, which validates them
 * with the tool's zod schema, asks policy and audits the decision, so MCP follows exactly the
 * rules every other front end does.
 */
export async function callTool(context: SessionContext, request: CallToolRequest, extra: RequestExtra): Promise<CallToolResult> {
  const name = request.params.name;
  const tool = context.gateway.catalog.get(name);
  if (tool && !mcpOffers(tool)) throw invalidParams(`Unknown tool: ${name} is not offered over MCP, because its reports go to a chat conversation later; use it from Slack or the shell`);
  try {
    const outcome = await context.gateway.call({
      tool: name,
      args: request.params.arguments ?? {},
      actor: context.actor,
      origin: context.origin,
      progress: progressReporter(extra),
    });
    switch (outcome.status) {
      case 'ok':
        return withChart(toolResult({ status: 'ok', text: outcome.text, data: asData(outcome.data) }), outcome.data, context.log);
      case 'pending':
        return await settlePending(context, outcome.action, extra);
      case 'invalid':
        // MCP treats a tool that does not exist as a protocol error; bad arguments are a result the model can fix.
        if (!tool) throw invalidParams(`Unknown tool: ${name}`);
        return toolResult({ status: 'invalid', text: outcome.text });
      case 'denied':
      case 'error':
        return toolResult({ status: outcome.status, text: outcome.text });
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    // The front end's error sink: infrastructure faults are logged in full (redacted) and reported briefly.
    const code = error instanceof OpsbotError ? error.code : 'internal';
    context.log(`tools/call ${name} failed (${code}): ${redactText(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
    return toolResult({ status: 'error', text: `opsbot could not complete ${name} (${code}); nothing more is known here, see the server log. Check action_status before retrying a change.` });
  }
}
