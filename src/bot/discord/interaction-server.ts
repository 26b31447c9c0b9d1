import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConversationHandlers, InboundRequest } from '../conversation/port.js';
import { actorOf, CALLBACK, clickOf, INTERACTION, messageOf, type Interaction } from './interaction-payload.js';
import type { InteractionTokens } from './interaction-tokens.js';

/** The path Discord's "Interactions Endpoint URL" points at. */
export const INTERACTIONS_PATH = '/discord/interactions';
/** Interactions are small JSON documents; anything bigger is not Discord. */
const MAX_BODY_BYTES = 1024 * 1024;

/** What the interactions endpoint needs: the signature check, where tokens go, and where failures are reported. */
export interface InteractionServerOptions {
  verify(request: InboundRequest): boolean;
  tokens: InteractionTokens;
  handlers: ConversationHandlers;
  onError(error: unknown): void;
  /** The server an interaction came from: incident channels open there. */
  onGuild(guild: string): void;
  /** A command's handler failed: its "thinking…" must not hang for 15 minutes. */
  onCommandFailed(token: string): Promise<void>;
}

/**
 * Discord's outgoing webhook for interactions. Nothing but the signature check runs before the answer: commands
 * are deferred (type 5, Discord shows "thinking…") and clicks acknowledged (type 6) within Discord's 3 seconds,
 * and the handlers run after.
 */
export async function startInteractionServer(options: InteractionServerOptions, listen: { port: number; host: string }): Promise<{ server: Server; port: number; address: string }> {
  const server = createServer((request, response) => {
    void receive(request, response, options).catch((error: unknown) => {
      options.onError(error);
      if (!response.headersSent) answer(response, 500, { message: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return { server, port: address.port, address: address.address };
}

async function receive(request: IncomingMessage, response: ServerResponse, options: InteractionServerOptions): Promise<void> {
  const path = (request.url ?? '').split('?')[0];
  if (path !== INTERACTIONS_PATH) return answer(response, 404, { message: 'not found' });
  if (request.method !== 'POST') return answer(response, 405, { message: 'method not allowed' });
  const rawBody = await readBody(request);
  if (!rawBody) return answer(response, 413, { message: 'too large' });
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]));
  // Discord's endpoint check sends bad signatures and requires a 401 for them.
  if (!options.verify({ method: 'POST', path, headers, rawBody })) return answer(response, 401, { message: 'invalid request signature' });

  let interaction: Interaction;
  try {
    interaction = JSON.parse(rawBody.toString('utf8')) as Interaction;
  } catch {
    return answer(response, 400, { message: 'malformed JSON' });
  }
  if (interaction.type === INTERACTION.ping) return answer(response, 200, { type: CALLBACK.pong });
  if (interaction.guild_id) options.onGuild(interaction.guild_id);
  if (interaction.type === INTERACTION.command) {
    const message = messageOf(interaction);
    if (!message) return answer(response, 400, { message: 'unreadable command' });
    options.tokens.deferredAt(message.thread, interaction.token);
    options.tokens.actedBy(message.author, interaction.token);
    answer(response, 200, { type: CALLBACK.deferredMessage });
    return deliver(async () => {
      try {
        await options.handlers.message(message);
      } catch (error) {
        await options.onCommandFailed(interaction.token).catch(() => undefined);
        throw error;
      }
    }, options);
  }
  if (interaction.type === INTERACTION.component) {
    const click = clickOf(interaction);
    if (!click) return answer(response, 400, { message: 'not an opsbot button' });
    options.tokens.actedBy(actorOf(interaction)!, interaction.token);
    answer(response, 200, { type: CALLBACK.deferredUpdate });
    return deliver(() => options.handlers.click(click), options);
  }
  answer(response, 400, { message: 'unsupported interaction type' });
}

function deliver(work: () => Promise<void>, options: InteractionServerOptions): void {
  setImmediate(() => void work().catch((error: unknown) => options.onError(error)));
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
