import type { IncomingMessage, ServerResponse } from 'node:http';

/** JSON-RPC error codes used outside a session (the SDK answers inside one). */
export const JSON_RPC = { parseError: -32700, invalidRequest: -32600, serverError: -32000, unauthorized: -32001 } as const;

/** Answers an HTTP request with a JSON-RPC error body, the shape MCP clients expect even for 4xx. */
export function replyError(response: ServerResponse, httpStatus: number, code: number, message: string, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(httpStatus, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

/** The request body as text, or null once it exceeds `maxBytes` (the client is then refused, not buffered). */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<string | null> {
  if (Number(request.headers['content-length']) > maxBytes) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
