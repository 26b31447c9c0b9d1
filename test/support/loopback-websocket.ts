import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

// RFC 6455 §1.3: the key the client sent, with this GUID appended, hashed, proves the server speaks WebSocket.
const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** How long a close handshake may take before the TCP connection is cut anyway. */
const CLOSE_WAIT_MS = 2_000;

/**
 * The server side of one WebSocket connection (RFC 6455), just enough for a loopback peer: text messages in
 * and out, fragmented or not; pings answered with pongs (the Slack client closes a link that stops ponging);
 * and the close handshake from either side. No extensions are negotiated, so frames are never compressed.
 * Written here because the project depends on no WebSocket server (the Slack client uses undici's client).
 */
export class LoopbackWebSocket {
  /** Close codes received from the client, in order (1000 is a normal close). */
  readonly closeCodes: number[] = [];
  onMessage?: (text: string) => void;
  onClose?: () => void;
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode: number = OPCODE.text;
  private closeSent = false;
  private ended = false;

  constructor(private readonly socket: Duplex) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.markEnded());
    socket.on('error', () => socket.destroy());
  }

  /** True until the TCP connection is gone. */
  get open(): boolean {
    return !this.ended;
  }

  sendText(text: string): void {
    this.write(OPCODE.text, Buffer.from(text, 'utf8'));
  }

  /** Starts the close handshake; the connection is cut if the client does not answer in time. */
  close(code = 1000): void {
    if (this.ended) return;
    this.sendClose(code);
    setTimeout(() => this.socket.destroy(), CLOSE_WAIT_MS).unref();
  }

  /** Cuts the TCP connection without a handshake, as a network failure would. */
  terminate(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const frame = readFrame(this.buffer);
      if (!frame) return;
      this.buffer = this.buffer.subarray(frame.size);
      this.handle(frame.fin, frame.opcode, frame.payload);
    }
  }

  private handle(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === OPCODE.ping) return this.write(OPCODE.pong, payload);
    if (opcode === OPCODE.pong) return;
    if (opcode === OPCODE.close) {
      this.closeCodes.push(payload.length >= 2 ? payload.readUInt16BE(0) : 1005);
      if (!this.closeSent) this.sendClose(payload.length >= 2 ? payload.readUInt16BE(0) : 1000);
      // The server closes the TCP connection first once both close frames are exchanged (RFC 6455 §7.1.1).
      this.socket.end();
      return;
    }
    if (opcode !== OPCODE.continuation) this.fragmentOpcode = opcode;
    this.fragments.push(payload);
    if (!fin) return;
    const data = Buffer.concat(this.fragments);
    this.fragments = [];
    if (this.fragmentOpcode === OPCODE.text) this.onMessage?.(data.toString('utf8'));
  }

  private sendClose(code: number): void {
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code, 0);
    this.write(OPCODE.close, payload);
    this.closeSent = true;
  }

  private write(opcode: number, payload: Buffer): void {
    if (this.ended || this.closeSent || this.socket.destroyed) return;
    // Server frames are never masked; the length takes 7, 7+16 or 7+64 bits.
    const length = payload.length;
    const header = length < 126 ? Buffer.alloc(2) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    if (length < 126) header[1] = length;
    else if (length < 65_536) {
      header[1] = 126;
      header.writeUInt16BE(length, 2);
    } else {
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    this.socket.write(Buffer.concat([header, payload]));
  }

  private markEnded(): void {
    if (this.ended) return;
    this.ended = true;
    this.onClose?.();
  }
}

/** Completes the opening handshake of an HTTP upgrade request; undefined (and a 400) when it is not a WebSocket one. */
export function acceptWebSocket(request: IncomingMessage, socket: Duplex): LoopbackWebSocket | undefined {
  const key = request.headers['sec-websocket-key'];
  if (request.headers.upgrade?.toLowerCase() !== 'websocket' || typeof key !== 'string') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return undefined;
  }
  const accept = createHash('sha1').update(`${key}${HANDSHAKE_GUID}`).digest('base64');
  socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'));
  return new LoopbackWebSocket(socket);
}

/** One whole frame at the start of `buffer`, unmasked, or undefined until enough bytes have arrived. */
function readFrame(buffer: Buffer): { fin: boolean; opcode: number; payload: Buffer; size: number } | undefined {
  if (buffer.length < 2) return undefined;
  const fin = (buffer[0]! & 0x80) !== 0;
  const opcode = buffer[0]! & 0x0f;
  const masked = (buffer[1]! & 0x80) !== 0;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const mask = masked ? buffer.subarray(offset, offset + 4) : undefined;
  if (mask) offset += 4;
  if (buffer.length < offset + length) return undefined;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  // Client frames are masked with a 4-byte key (RFC 6455 §5.3).
  if (mask) for (let index = 0; index < payload.length; index += 1) payload[index]! ^= mask[index % 4]!;
  return { fin, opcode, payload, size: offset + length };
}
