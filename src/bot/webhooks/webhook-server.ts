import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { redactText } from '../../util/redact.js';
import { BackgroundWork } from '../background-work.js';
import type { DeliveryLog } from './delivery-log.js';
import { RefusalLog } from './refusal-log.js';
import { MalformedDelivery, type RawDelivery, type WebhookSource } from './webhook-source.js';
import { metrics } from '../../observability/metrics.js';

/** Largest body accepted; Alertmanager groups and GitHub payloads are far smaller (GitHub caps its own at 25 MB). */
export const MAX_BODY_BYTES = 1024 * 1024;
// A body far past the limit is not read to its end: the connection is dropped instead.
const DRAIN_LIMIT_BYTES = 16 * MAX_BODY_BYTES;

/** Where the receiver writes what happened; lines are redacted before they are written. */
export interface WebhookLogger {
  debug(...message: unknown[]): void;
  info(...message: unknown[]): void;
  warn(...message: unknown[]): void;
  error(...message: unknown[]): void;
}

/** What the HTTP receiver is built from. */
export interface WebhookServerOptions {
  sources: WebhookSource[];
  deliveries: DeliveryLog;
  logger: WebhookLogger;
  host: string;
  port: number;
  /** Called after a delivery's messages were written to the outbox (a worker in this process may send them now). */
  onQueued?: () => void;
  /** Why queued messages are not sent from here, said once per delivery (no chat front end configured). */
  queuedNote?: string;
}

/** A listening receiver. */
export interface WebhookServer {
  port: number;
  server: Server;
  /** Resolves when no delivery is being handled. */
  idle(): Promise<void>;
  /** Handles again the deliveries whose handler died before recording an outcome (any replica's). */
  recover(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The HTTP side of the receiver (see webhook-source.ts for the order of checks). Thin on purpose: a source
 * knows its sender, this knows HTTP; nothing here reads a body before the sender has proved who it is.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const { logger, deliveries } = options;
  const work = new BackgroundWork((error, what) => logger.error(`${what}: ${describe(error)}`));
  const byPath = new Map(options.sources.map((source) => [source.path, source]));
  const refusals = new RefusalLog((line) => logger.warn(line));

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0]!;
    if (path === '/healthz') {
      if (request.method !== 'GET' && request.method !== 'HEAD') return reply(response, 405, { error: 'method not allowed' });
      const ok = await deliveries.reachable();
      return reply(response, ok ? 200 : 503, { ok, store: ok ? 'reachable' : 'unreachable' });
    }
    const source = byPath.get(path);
    if (!source) return drainThen(request, response, () => reply(response, 404, { error: 'not found' }));
    if (request.method !== 'POST') return drainThen(request, response, () => reply(response, 405, { error: 'method not allowed' }));
    const body = await readLimited(request);
    if (body === 'too_large') return reply(response, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
    if (body === 'dropped') return refuseAndClose(request, response);
    const raw: RawDelivery = { body, headers: request.headers };
    if (!(await source.authenticate(raw))) {
      refusals.refused(source.name, request.socket.remoteAddress ?? 'unknown');
      metrics.webhookDeliveries.inc({ source: source.name, result: 'refused' });
      return reply(response, 401, { error: 'unauthorized' });
    }
    let parsed;
    try {
      parsed = source.parse(raw);
    } catch (error) {
      if (error instanceof MalformedDelivery) {
        metrics.webhookDeliveries.inc({ source: source.name, result: 'malformed' });
        return reply(response, 400, { error: error.message });
      }
      throw error;
    }
    if ('ignored' in parsed) {
      logger.debug(`${source.name}: ignored ${parsed.ignored}`);
      metrics.webhookDeliveries.inc({ source: source.name, result: 'ignored' });
      return reply(response, 202, { ignored: parsed.ignored });
    }
    const fresh: typeof parsed.deliveries = [];
    for (const entry of parsed.deliveries) if (await deliveries.firstDelivery(source.name, entry.key, entry.identity, entry.delivery)) fresh.push(entry);
    // Acknowledge first: the sender's clock is running, and the card can be posted after.
    reply(response, 202, { accepted: fresh.length, duplicates: parsed.deliveries.length - fresh.length });
    metrics.inboundEvents.inc({ source: source.name, outcome: 'accepted' }, fresh.length);
    metrics.inboundEvents.inc({ source: source.name, outcome: 'duplicate' }, parsed.deliveries.length - fresh.length);
    for (const entry of fresh) work.track(`${source.name} delivery`, handleDelivery(source, entry.key, entry.delivery));
  };

  // One source's deliveries are handled and recorded in arrival order, so a card's outbox rows follow the order
  // its events were folded in (a later state never queued before an earlier one).
  const queues = new Map<string, Promise<void>>();
  const handleDelivery = (source: WebhookSource, key: string, delivery: unknown): Promise<void> => {
    const next = (queues.get(source.name) ?? Promise.resolve()).catch(() => undefined).then(() => handleNow(source, key, delivery));
    queues.set(source.name, next);
    void next.finally(() => queues.get(source.name) === next && queues.delete(source.name)).catch(() => undefined);
    return next;
  };
  const handleNow = async (source: WebhookSource, key: string, delivery: unknown): Promise<void> => {
    try {
      const outcome = await source.handle(delivery);
      await deliveries.record(source.name, key, outcome);
      metrics.webhookDeliveries.inc({ source: source.name, result: outcome.outcome });
      if (outcome.outcome === 'unrouted') logger.warn(`${source.name}: unrouted event (no route and no notifications.defaultChannel): ${outcome.detail ?? key}`);
      if (outcome.messages?.length) {
        if (options.queuedNote) logger.info(`${source.name}: ${options.queuedNote}: ${outcome.detail ?? key}`);
        options.onQueued?.();
      }
    } catch (error) {
      await deliveries.record(source.name, key, { outcome: 'failed', detail: describe(error).slice(0, 500) });
      metrics.webhookDeliveries.inc({ source: source.name, result: 'failed' });
      throw error;
    }
  };
  const recover = async (): Promise<number> => {
    const bySource = new Map(options.sources.map((source) => [source.name, source]));
    const pending = await deliveries.unhandled();
    for (const entry of pending) {
      const source = bySource.get(entry.source);
      if (!source) continue;
      logger.warn(`${source.name}: handling delivery ${entry.key} again (its handler stopped before recording an outcome)`);
      work.track(`${source.name} delivery`, handleDelivery(source, entry.key, entry.payload));
    }
    await work.idle();
    return pending.length;
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error(`webhook request ${request.method} ${request.url}: ${describe(error)}`);
      if (!response.headersSent) reply(response, 500, { error: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info(`opsbot receiving webhooks on ${options.host}:${port} (${options.sources.map((source) => source.path).join(', ') || 'no sources configured'})`);
  return {
    port,
    server,
    idle: () => work.idle(),
    recover,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await work.idle();
    },
  };
}

/**
 * The body; `too_large` once it passes the limit (read to its end, so the sender gets the 413); `dropped` when it
 * runs past the drain limit too (declared or, for a chunked body, counted), where reading stops.
 */
function readLimited(request: IncomingMessage): Promise<Buffer | 'too_large' | 'dropped'> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > DRAIN_LIMIT_BYTES) return Promise.resolve('dropped');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Listeners rather than `for await`: leaving that loop early destroys the request, and with it the socket
    // the 413 must still be written to.
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_LIMIT_BYTES) {
        request.off('data', onData);
        request.pause();
        return resolve('dropped');
      }
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(size > MAX_BODY_BYTES ? 'too_large' : Buffer.concat(chunks)));
    request.once('error', () => resolve('dropped'));
  });
}

/** Past the drain limit: the 413 with `Connection: close`, then the connection is closed without reading the rest. */
function refuseAndClose(request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  response.end(JSON.stringify({ error: `body larger than ${MAX_BODY_BYTES} bytes` }), () => request.socket?.destroy());
}

async function drainThen(request: IncomingMessage, response: ServerResponse, then: () => void): Promise<void> {
  const result = await readLimited(request);
  if (result === 'dropped') refuseAndClose(request, response);
  else then();
}

// Replies never echo the request body: a refused sender learns nothing from the answer.
function reply(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function describe(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error));
}
