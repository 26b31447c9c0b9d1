import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The path Teams posts activities to: the bot's messaging endpoint (`https://<host>/api/messages`). */
export const MESSAGING_PATH = '/api/messages';

/** Activities are small JSON documents; anything larger is not from Teams. */
const MAX_BODY_BYTES = 1024 * 1024;

/** What the endpoint answers: an HTTP status and, for invokes, the invoke response body. */
export interface EndpointAnswer {
  status: number;
  body?: unknown;
  /** Work that runs after the answer is sent (ack first: Teams retries or fails a slow endpoint). */
  after?: () => Promise<void>;
}

/** Handles one POST to the messaging endpoint: headers and the raw body, exactly as received. */
export type ActivityReceiver = (headers: Record<string, string | undefined>, rawBody: Buffer) => Promise<EndpointAnswer>;

/**
 * The HTTP server of the Teams messaging endpoint: only `POST /api/messages`, the body read whole (the JWT check
 * needs the activity's `serviceUrl`), answered at once, the work done after.
 */
export class TeamsEndpoint {
  private server?: Server;

  constructor(
    private readonly receive: ActivityReceiver,
    private readonly onError: (error: unknown) => void,
  ) {}

  async listen(port: number, host: string): Promise<{ port: number; address: string }> {
    const server = createServer((request, response) => void this.handle(request, response));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    return { port: address.port, address: address.address };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const path = (request.url ?? '').split('?')[0];
      if (path !== MESSAGING_PATH) return end(response, 404);
      if (request.method !== 'POST') return end(response, 405);
      const rawBody = await readBody(request);
      if (!rawBody) return end(response, 413);
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const answer = await this.receive(headers, rawBody);
      end(response, answer.status, answer.body);
      if (answer.after) await answer.after().catch(this.onError);
    } catch (error) {
      this.onError(error);
      if (!response.headersSent) end(response, 500);
    }
  }
}

function end(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
