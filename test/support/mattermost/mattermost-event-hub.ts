import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { acceptWebSocket, type LoopbackWebSocket } from '../loopback-websocket.js';

/** A post as the hub broadcasts it. */
export interface BroadcastPost {
  id: string;
  channel_id: string;
  user_id: string;
  root_id: string;
  message: string;
  type: string;
  props: Record<string, unknown>;
}

/**
 * Mattermost's WebSocket API (`GET /api/v4/websocket`) as a loopback peer: the client authenticates with
 * `{ seq, action: 'authentication_challenge', data: { token } }` and gets `{ status: 'OK', seq_reply }` (or
 * `FAIL` and a close), then a `hello` event, then a `posted` event for every post in a channel its user belongs to,
 * its own included; `data.post` is the post as a JSON string and `data.mentions` a JSON string of mentioned user ids.
 */
export class MattermostEventHub {
  private readonly clients = new Set<{ socket: LoopbackWebSocket; user: string }>();
  private sequence = 0;

  constructor(private readonly authenticate: (token: string) => string | undefined) {}

  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
      if ((request.url ?? '').split('?')[0] !== '/api/v4/websocket') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      const connection = acceptWebSocket(request, socket);
      if (!connection) return;
      connection.onMessage = (text) => {
        const frame = JSON.parse(text) as { seq?: number; action?: string; data?: { token?: string } };
        if (frame.action !== 'authentication_challenge') return;
        const user = this.authenticate(String(frame.data?.token ?? ''));
        if (!user) {
          connection.sendText(JSON.stringify({ status: 'FAIL', seq_reply: frame.seq, error: { id: 'api.web_socket_router.not_authenticated.app_error', message: 'Invalid or expired session, please login again.' } }));
          connection.close(1008);
          return;
        }
        connection.sendText(JSON.stringify({ status: 'OK', seq_reply: frame.seq }));
        connection.sendText(JSON.stringify({ event: 'hello', data: { server_version: '10.5.0' }, broadcast: { user_id: user }, seq: this.sequence++ }));
        const client = { socket: connection, user };
        this.clients.add(client);
        connection.onClose = () => this.clients.delete(client);
      };
    });
  }

  /** Sends `posted` to every connected member of the channel. */
  posted(post: BroadcastPost, channel: { type: string; name: string; members: Set<string> }, mentions: string[]): void {
    for (const client of this.clients) {
      if (!channel.members.has(client.user) || !client.socket.open) continue;
      const data = { channel_type: channel.type, channel_name: channel.name, post: JSON.stringify(post), sender_name: '', ...(mentions.length ? { mentions: JSON.stringify(mentions) } : {}) };
      client.socket.sendText(JSON.stringify({ event: 'posted', data, broadcast: { channel_id: post.channel_id }, seq: this.sequence++ }));
    }
  }

  /** Connected, authenticated clients (to wait for one before posting). */
  get connected(): number {
    return this.clients.size;
  }

  closeAll(): void {
    for (const client of this.clients) client.socket.terminate();
  }
}
