import { AnthropicError, APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';

/** Why the language model could not answer, in words for a chat reply (never the API's own text, which could echo request data). */
export interface ModelFailure {
  /** Our own deadline (config.agent.timeoutSeconds) passed, rather than the API failing. */
  timedOut: boolean;
  reason: string;
  /** The API refused the request itself as malformed (HTTP 400): retrying it unchanged cannot help. */
  invalidRequest?: boolean;
}

/** A provider adapter's own failure (one that does not use the Anthropic SDK), already put in opsbot's words. */
export class ModelUnavailableError extends Error {
  constructor(readonly failure: ModelFailure) {
    super(failure.reason);
    this.name = 'ModelUnavailableError';
  }
}

/**
 * Classifies an error thrown by the SDK after its own retries. Anything that is not an SDK error is a fault in
 * opsbot and is rethrown by the caller, not disguised as an outage.
 */
export function modelFailureOf(error: unknown, signal: AbortSignal): ModelFailure | undefined {
  if (signal.aborted && (error instanceof APIUserAbortError || isAbort(error))) return { timedOut: true, reason: 'no answer within the time allowed for one message' };
  if (error instanceof ModelUnavailableError) return error.failure;
  if (error instanceof APIConnectionTimeoutError) return { timedOut: false, reason: 'the API did not answer in time' };
  if (error instanceof APIConnectionError) return { timedOut: false, reason: 'the API could not be reached' };
  if (isMalformedStream(error)) return { timedOut: false, reason: 'the API sent a malformed response' };
  if (!(error instanceof APIError)) return undefined;
  return failureForStatus(error.status ?? 0);
}

/** An HTTP error status from any provider, in words for a chat reply. */
export function failureForStatus(status: number): ModelFailure {
  if (status === 401) return { timedOut: false, reason: 'the API key was refused' };
  if (status === 403) return { timedOut: false, reason: 'the API key may not use this model' };
  if (status === 429) return { timedOut: false, reason: 'the API rate limit was reached' };
  if (status === 529) return { timedOut: false, reason: 'the API is overloaded' };
  if (status >= 500) return { timedOut: false, reason: `the API failed (HTTP ${status})` };
  if (status === 404) return { timedOut: false, reason: 'the configured model was not found' };
  return { timedOut: false, reason: `the API rejected the request (HTTP ${status})`, invalidRequest: status === 400 };
}

/**
 * A stream the SDK could not turn into a message: an event or a tool call's input that is not JSON (the SDK wraps
 * the SyntaxError), or a stream that ended before message_stop (the SDK's own error, no cause). The SDK also
 * wraps errors thrown by our own stream listeners; those have another cause and stay faults.
 */
function isMalformedStream(error: unknown): boolean {
  if (!(error instanceof AnthropicError) || error instanceof APIError) return false;
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined || cause instanceof SyntaxError;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
