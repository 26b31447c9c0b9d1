import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import { FakeAnthropicServer, type FakeMessage, type FakeResponse, type MessagesRequestBody, streamEvents } from './fake-anthropic-server.js';

/** The credentials the fake accepts, as a test puts them in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. */
export interface FakeAwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

const INVOKE = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream)$/;

/**
 * A loopback Amazon Bedrock runtime for Anthropic models: `POST /model/{modelId}/invoke-with-response-stream`,
 * checked for a valid SigV4 signature (service `bedrock`) and `anthropic_version: bedrock-2023-05-31`, answered as an AWS event stream: binary messages with a
 * prelude (total and header lengths, CRC32), string headers (:event-type chunk, :message-type event), a JSON
 * payload `{"bytes": base64(Anthropic stream event)}` and a message CRC32. Errors use Bedrock's JSON envelope
 * (`{"message"}` with x-amzn-ErrorType). The recorded body gets the model from the path, where Bedrock carries it.
 */
export class FakeBedrockServer extends FakeAnthropicServer {
  constructor(private readonly credentials: FakeAwsCredentials) {
    super();
  }

  protected override route(request: IncomingMessage, raw: Buffer): MessagesRequestBody | undefined {
    const match = INVOKE.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return undefined;
    const body = JSON.parse(raw.toString('utf8')) as MessagesRequestBody & { anthropic_version?: string };
    return { ...body, model: decodeURIComponent(match[1]!), stream: match[2] === 'invoke-with-response-stream' };
  }

  protected override refuse(request: IncomingMessage, raw: Buffer): Extract<FakeResponse, { kind: 'error' }> | undefined {
    const problem = signatureProblem(request, raw, this.credentials);
    if (problem) return { kind: 'error', status: 403, errorType: 'UnrecognizedClientException', message: problem };
    const body = JSON.parse(raw.toString('utf8')) as { anthropic_version?: string; model?: string };
    if (body.anthropic_version !== 'bedrock-2023-05-31' || body.model !== undefined) return { kind: 'error', status: 400, errorType: 'ValidationException', message: 'anthropic_version must be bedrock-2023-05-31; the model goes in the path' };
    return undefined;
  }

  protected override async sendStream(response: ServerResponse, message: FakeMessage, answer: Extract<FakeResponse, { kind: 'message' }>): Promise<void> {
    response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-bedrock-content-type': 'application/json', 'x-amzn-requestid': 'fake-request' });
    for await (const event of streamEvents(message, answer, () => response.destroyed)) {
      if (response.destroyed) return;
      response.write(chunkFrame(event));
    }
    if (!response.destroyed) response.end();
  }

  /** Raw answers are Anthropic SSE text; each event's data is sent in its own frame, so a cut SSE is a cut event stream. */
  protected override sendRaw(response: ServerResponse, body: string): void {
    response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
    for (const event of body.split('\n\n')) {
      const data = event.split('\n').find((line) => line.startsWith('data: '));
      if (data) response.write(frame({ ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' }, Buffer.from(JSON.stringify({ bytes: Buffer.from(data.slice(6)).toString('base64') }))));
    }
    response.end();
  }

  protected override sendError(response: ServerResponse, error: Extract<FakeResponse, { kind: 'error' }>): void {
    response.writeHead(error.status, { 'content-type': 'application/json', 'x-amzn-ErrorType': `${error.errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`, ...error.headers });
    response.end(JSON.stringify({ message: error.message ?? error.errorType }));
  }
}

/** One Anthropic stream event as a Bedrock `chunk` event. */
export function chunkFrame(event: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify({ bytes: Buffer.from(JSON.stringify(event)).toString('base64'), p: 'abcdefgh' }));
  return frame({ ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' }, payload);
}

/** An AWS event stream message: prelude, prelude CRC, headers (all of type 7, string), payload, message CRC. */
export function frame(headers: Record<string, string>, payload: Buffer): Buffer {
  const encoded = Buffer.concat(
    Object.entries(headers).map(([name, value]) => {
      const nameBytes = Buffer.from(name);
      const valueBytes = Buffer.from(value);
      const lengths = Buffer.alloc(2);
      lengths.writeUInt16BE(valueBytes.length);
      return Buffer.concat([Buffer.from([nameBytes.length]), nameBytes, Buffer.from([7]), lengths, valueBytes]);
    }),
  );
  const prelude = Buffer.alloc(8);
  prelude.writeUInt32BE(12 + encoded.length + payload.length + 4, 0);
  prelude.writeUInt32BE(encoded.length, 4);
  const preludeCrc = Buffer.alloc(4);
  preludeCrc.writeUInt32BE(crc32(prelude));
  const body = Buffer.concat([prelude, preludeCrc, encoded, payload]);
  const messageCrc = Buffer.alloc(4);
  messageCrc.writeUInt32BE(crc32(body));
  return Buffer.concat([body, messageCrc]);
}

/** Why a request's SigV4 signature does not hold (AWS's documented algorithm), or undefined when it does. */
function signatureProblem(request: IncomingMessage, raw: Buffer, credentials: FakeAwsCredentials): string | undefined {
  const authorization = String(request.headers.authorization ?? '');
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) return 'missing or malformed Authorization';
  const [, accessKeyId, day, region, service, signedHeaders, signature] = match as unknown as string[];
  if (accessKeyId !== credentials.accessKeyId) return 'The security token included in the request is invalid.';
  if (region !== credentials.region || service !== 'bedrock') return `credential scope ${region}/${service} is wrong`;
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(day!)) return 'x-amz-date does not match the credential scope';
  const [path, query = ''] = (request.url ?? '').split('?');
  // Services other than S3 encode each path segment once more in the canonical request.
  const canonicalUri = path!.split('/').map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
  const canonicalQuery = query.split('&').filter(Boolean).sort().join('&');
  const names = signedHeaders!.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return 'host and x-amz-date must be signed';
  const canonicalHeaders = names.map((name) => `${name}:${String(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const payloadHash = String(request.headers['x-amz-content-sha256'] ?? createHash('sha256').update(raw).digest('hex'));
  const canonicalRequest = [request.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day!), region!), service!), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex') === signature ? undefined : 'The request signature we calculated does not match the signature you provided.';
}
