import { type CallToolResult, type ElicitRequestFormParams, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ResolveOutcome } from '../../actions/outcomes.js';
import type { PendingAction } from '../../actions/pending-action.js';
import { redactText } from '../../util/redact.js';
import { actionView } from '../presenter/action-view.js';
import { asData, toolResult } from './result-envelope.js';
import { progressReporter, type RequestExtra, type SessionContext } from './session-context.js';
import { previewFacts } from '../../actions/preview-facts.js';

// Well inside the 60 s most MCP clients allow a tools/call: a form waiting longer would outlive the call, and
// the person would never read the answer. Past it the action stays pending, and the result says how to confirm it.
export const ELICITATION_WAIT_MS = 50_000;

/**
 * What happens to a proposed mutation over MCP. When policy lets the requester confirm their own
 * action and the client can ask its user (form elicitation), we ask, showing the exact arguments,
 * and confirm or cancel through the gateway. Otherwise the action stays pending for an approver
 * (Slack picks it up from gateway.onActionChange; `opsbot confirm` always works).
 */
export async function settlePending(context: SessionContext, action: PendingAction, extra: RequestExtra): Promise<CallToolResult> {
  const { gateway } = context;
  // The gateway answers whether the requester may confirm this from here (approveFrom included): a form it would refuse is never offered.
  const selfApproval = (await gateway.mayConfirm(action.id, action.requester, context.origin)).ok;
  if (!selfApproval) return pendingResult(action, `It needs approval from ${action.approval.summary}, who can confirm it with \`opsbot confirm ${action.id} --as <their user id>\` or on its Slack card when Slack is set up.`);
  if (!context.server.getClientCapabilities()?.elicitation?.form) {
    return pendingResult(action, `This client cannot ask you to confirm, so confirm it yourself with \`opsbot confirm ${action.id} --as ${action.requester}\` or on its Slack card when Slack is set up.`);
  }

  const later = `confirm it later with \`opsbot confirm ${action.id} --as ${action.requester}\` or on its Slack card when Slack is set up`;
  let answer;
  try {
    const timeout = Math.min(ELICITATION_WAIT_MS, Math.max(1_000, Date.parse(action.expiresAt) - Date.now()));
    answer = await context.server.elicitInput(confirmationRequest(action), { relatedRequestId: extra.requestId, signal: extra.signal, timeout });
  } catch (error) {
    if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
      context.log(`no answer to the confirmation form for ${action.id} within ${ELICITATION_WAIT_MS / 1000} s; it stays pending`);
      return pendingResult(action, `No answer came to the confirmation form within ${ELICITATION_WAIT_MS / 1000} seconds, so it is still pending (an answer given after that is not seen); ${later}.`);
    }
    const reason = redactText(error instanceof Error ? error.message : String(error));
    context.log(`elicitation for ${action.id} failed: ${reason}`);
    return pendingResult(action, `Asking you to confirm did not work (${reason}), so it is still pending; ${later}.`);
  }
  // Dismissed without a choice: no decision was made, so nothing is withdrawn.
  if (answer.action === 'cancel') return pendingResult(action, `The confirmation form was dismissed, so it is still pending; ${later}.`);

  if (answer.action === 'accept' && answer.content?.confirm === true) {
    const progress = progressReporter(extra);
    progress?.(`confirmed; running: ${action.summary}`);
    return resolvedResult(await gateway.confirm(action.id, action.requester, context.origin, { progress }));
  }
  // Declined, or accepted without ticking the box: an explicit "no", so the requester withdrew it (state cancelled).
  return resolvedResult(await gateway.reject(action.id, action.requester, context.origin));
}

/** The form shown to the user: the one-line summary, every argument exactly, and facts from the preview. */
function confirmationRequest(action: PendingAction): ElicitRequestFormParams {
  const argumentLines = Object.entries(action.args).map(([name, value]) => `  ${name}: ${JSON.stringify(value)}`);
  const previewLines = previewFacts(action.preview).map((fact) => `  ${fact.name}: ${fact.value}`);
  const message = [
    `Confirm: ${action.summary}`,
    `Tool: ${action.tool}`,
    'Arguments:',
    ...argumentLines,
    ...(previewLines.length ? ['Now:', ...previewLines] : []),
    `Action ${action.id}, requested by ${action.requester}, expires ${action.expiresAt}.`,
  ].join('\n');
  return {
    mode: 'form',
    message,
    requestedSchema: {
      type: 'object',
      properties: { confirm: { type: 'boolean', title: 'Run it', description: `Yes, ${action.summary}`, default: false } },
      required: ['confirm'],
    },
  };
}

function pendingResult(action: PendingAction, how: string): CallToolResult {
  const text = `Proposed: ${action.summary} (action ${action.id}). It has not run. ${how} It expires at ${action.expiresAt}; follow it with action_status.`;
  return toolResult({ status: 'pending', text, action: actionView(action) });
}

function resolvedResult(outcome: ResolveOutcome): CallToolResult {
  const action = outcome.action ? actionView(outcome.action) : undefined;
  switch (outcome.status) {
    case 'executed': {
      const status = outcome.action.state === 'succeeded' ? 'succeeded' : 'failed';
      return toolResult({ status, text: outcome.text, data: asData(outcome.action.result?.data), action });
    }
    case 'rejected':
    case 'cancelled':
      // The state's own sentence already says nothing ran (STATE_SENTENCES: rejected and cancelled).
      return toolResult({ status: 'cancelled', text: `Not confirmed: ${outcome.text}`, action });
    case 'denied':
      return toolResult({ status: 'denied', text: outcome.text, action });
    case 'not_pending':
      return toolResult({ status: 'not_pending', text: outcome.text, action });
  }
}
