import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';

/**
 * A JSON-RPC error answered with exactly this message. The SDK's McpError prefixes its message with
 * "MCP error <code>:", and the client prefixes what it receives again, so a thrown McpError reaches
 * the user doubled ("MCP error -32602: MCP error -32602: …"). The SDK sends `code` and `message` of
 * whatever a handler throws, so a plain error with a code is enough.
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Params that do not fit the method (JSON-RPC -32602). */
export function invalidParams(message: string): ProtocolError {
  return new ProtocolError(ErrorCode.InvalidParams, message);
}
