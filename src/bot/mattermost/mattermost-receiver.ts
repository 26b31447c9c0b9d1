import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InboundRequest } from '../conversation/port.js';
import { redactText } from '../../util/redact.js';
import { ACTION_PATH, COMMAND_PATH, parseActionCallback, parseSlashCommand, type ActionCallback, type SlashCommandRequest } from './inbound-requests.js';

/** Slash command forms and click JSON are a few kilobytes; anything far larger is not from Mattermost. */
const MAX_BODY_BYTES = 256 * 1024;

/** Where the receiver says what went wrong; lines are redacted before they are written. */
export interface MattermostLogger {
  warn(message: string): void;
  error(message: string): void;
}

/** What the receiver hands on, after the request was verified and answered. */
export interface ReceiverHandlers {
  verify(request: InboundRequest): Promise<boolean>;
  command(command: SlashCommandRequest): Promise<void>;
  click(click: ActionCallback): Promise<void>;
}

/**
 * The HTTP side of the adapter: Mattermost POSTs slash commands and button clicks here. Ack first: nothing but the
 * token or signature check runs before Mattermost gets its answer (it waits a few seconds at most and shows an error
 * after), and the work itself runs after. A request that fails the check gets 401 and nothing runs.
 */
export class MattermostReceiver {
  private server?: Server;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly handlers: ReceiverHandlers,
    private readonly logger: MattermostLogger,
  ) {}

  async listen(port: number, host: string): Promise<{ port: number; address: string }> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.logger.error(`mattermost: ${request.method} ${request.url}: ${describe(error)}`);
        if (!response.headersSent) reply(response, 500, { error: 'internal error' });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    return { port: address.port, address: address.address };
  }

  /** Stops listening and waits for the work already acknowledged. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.allSettled([...this.running]);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0]!;
    if (path !== COMMAND_PATH && path !== ACTION_PATH) return reply(response, 404, { error: 'not found' });
    if (request.method !== 'POST') return reply(response, 405, { error: 'method not allowed' });
    const rawBody = await readBody(request);
    if (!rawBody) return reply(response, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
    const inbound: InboundRequest = { method: 'POST', path, headers: flatHeaders(request), rawBody };
    if (!(await this.handlers.verify(inbound))) {
      this.logger.warn(`mattermost: refused a request to ${path} from ${request.socket.remoteAddress ?? 'unknown'} (bad token or signature)`);
      return reply(response, 401, { error: 'unauthorized' });
    }
    if (path === COMMAND_PATH) {
      const command = parseSlashCommand(rawBody)!;
      // Mattermost shows this at once, only to the person; the answer follows in a thread.
      reply(response, 200, { response_type: 'ephemeral', text: 'Working on it…' });
      return this.track('slash command', this.handlers.command(command));
    }
    // An empty integration response: the card is updated, and the clicker told, through the API once the click is handled.
    reply(response, 200, {});
    this.track('button click', this.handlers.click(parseActionCallback(rawBody)!));
  }

  private track(what: string, work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.logger.error(`mattermost: ${what}: ${describe(error)}`));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function flatHeaders(request: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function describe(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error));
}
