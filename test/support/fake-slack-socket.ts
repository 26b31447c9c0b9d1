import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeSlackApi, RecordedCall } from './fake-slack-api.js';
import { acceptWebSocket, type LoopbackWebSocket } from './loopback-websocket.js';
import { type BlockActionFields, blockActionPayload, type CommandFields, commandPayload, eventCallback, newEventId, type SlackIdentity } from './slack-payloads.js';

/** The envelope types Slack sends over Socket Mode. */
export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

/** An acknowledgement as the client sent it; `at` is performance.now() on arrival. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  at: number;
}

/** How the fake behaves. */
export interface FakeSlackSocketOptions {
  /** The app-level token (`xapp-…`) apps.connections.open accepts. */
  appToken: string;
  appId?: string;
  identity?: SlackIdentity;
  /** How long `send` waits for an ack (Slack itself redelivers after about 3 s; tests on a loaded machine wait longer). */
  ackTimeoutMs?: number;
}

/**
 * A loopback stand-in for Slack's Socket Mode (https://docs.slack.dev/apis/events-api/using-socket-mode). The
 * fake Web API's apps.connections.open, called with the app-level token, hands out a one-use ws:// URL to this
 * server; a client that connects gets `hello`, then envelopes `{ envelope_id, type, payload,
 * accepts_response_payload, retry_attempt?, retry_reason? }`, and must answer each with
 * `{ envelope_id, payload? }`.
 */
export class FakeSlackSocket {
  readonly acks: SocketAck[] = [];
  /** Every connection ever accepted, newest last. */
  readonly connections: LoopbackWebSocket[] = [];
  private server?: Server;
  private readonly tickets = new Set<string>();
  private readonly awaitingAck = new Map<string, (ack: SocketAck) => void>();

  constructor(
    private readonly api: FakeSlackApi,
    private readonly options: FakeSlackSocketOptions,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((_request, response) => {
      response.writeHead(426, { 'content-type': 'text/plain' });
      response.end('upgrade required');
    });
    this.server.on('upgrade', (request, socket) => {
      const ticket = new URL(request.url ?? '/', 'ws://127.0.0.1').searchParams.get('ticket');
      if (!ticket || !this.tickets.delete(ticket)) return void socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      const connection = acceptWebSocket(request, socket);
      if (connection) this.welcome(connection);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.api.answerWith('apps.connections.open', (call) => this.openConnection(call));
    return this;
  }

  /** Connections whose TCP link is still up. */
  get openConnections(): number {
    return this.connections.filter((connection) => connection.open).length;
  }

  /** Resolves once a client is connected and greeted. */
  async connected(timeoutMs = 15_000): Promise<LoopbackWebSocket> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const connection = this.current();
      if (connection) return connection;
      if (Date.now() > deadline) throw new Error('no Socket Mode client connected');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Sends one envelope to the newest open connection and resolves with its ack. */
  async send(type: EnvelopeType, payload: Record<string, unknown>, options: { acceptsResponsePayload?: boolean; retryAttempt?: number; retryReason?: string } = {}): Promise<SocketAck> {
    const connection = await this.connected();
    const envelopeId = randomUUID();
    // Only Events API envelopes carry the retry fields; the others are never redelivered.
    const retry = type === 'events_api' ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryReason ?? '' } : {};
    const envelope = { envelope_id: envelopeId, type, payload, accepts_response_payload: options.acceptsResponsePayload ?? false, ...retry };
    const acked = new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.awaitingAck.delete(envelopeId);
        reject(new Error(`no ack for ${type} envelope ${envelopeId} within ${this.ackTimeoutMs} ms`));
      }, this.ackTimeoutMs);
      this.awaitingAck.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
    connection.sendText(JSON.stringify(envelope));
    return acked;
  }

  /** An Events API event; the same `eventId` with `retryAttempt` models Slack's redelivery. */
  event(event: Record<string, unknown>, options: { eventId?: string; retryAttempt?: number } = {}): Promise<SocketAck> {
    const payload = eventCallback(event, options.eventId ?? newEventId(), this.options.identity);
    return this.send('events_api', payload, { retryAttempt: options.retryAttempt, retryReason: options.retryAttempt ? 'timeout' : '' });
  }

  /** A slash command; Slack lets its ack carry the response. */
  command(fields: CommandFields): Promise<SocketAck> {
    return this.send('slash_commands', commandPayload(fields, this.options.identity), { acceptsResponsePayload: true });
  }

  /** A click on a button in a message. */
  blockAction(fields: BlockActionFields): Promise<SocketAck> {
    return this.send('interactive', blockActionPayload(fields, this.options.identity));
  }

  /** Closes every connection (with the close handshake) and stops listening. */
  async close(): Promise<void> {
    for (const connection of this.connections) connection.close(1001);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private get ackTimeoutMs(): number {
    return this.options.ackTimeoutMs ?? 10_000;
  }

  private current(): LoopbackWebSocket | undefined {
    return this.connections.filter((connection) => connection.open).at(-1);
  }

  /** apps.connections.open: only an app-level token may open a connection. */
  private openConnection(call: RecordedCall): Record<string, unknown> {
    if (!call.token) return { ok: false, error: 'not_authed' };
    if (!call.token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
    if (call.token !== this.options.appToken) return { ok: false, error: 'invalid_auth' };
    const ticket = randomUUID();
    this.tickets.add(ticket);
    const { port } = this.server!.address() as AddressInfo;
    return { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${this.appId}` };
  }

  private welcome(connection: LoopbackWebSocket): void {
    this.connections.push(connection);
    connection.onMessage = (text) => this.receive(text);
    const hello = {
      type: 'hello',
      num_connections: this.openConnections,
      debug_info: { host: 'applink-loopback', build_number: 1, approximate_connection_time: 18_060 },
      connection_info: { app_id: this.appId },
    };
    connection.sendText(JSON.stringify(hello));
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as { envelope_id?: unknown; payload?: Record<string, unknown> };
    if (typeof message.envelope_id !== 'string') return;
    const ack: SocketAck = { envelope_id: message.envelope_id, payload: message.payload, at: performance.now() };
    this.acks.push(ack);
    this.awaitingAck.get(message.envelope_id)?.(ack);
    this.awaitingAck.delete(message.envelope_id);
  }

  private get appId(): string {
    return this.options.appId ?? this.options.identity?.appId ?? 'A0OPSBOT';
  }
}
