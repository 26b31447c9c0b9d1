import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeAnthropicServer, type FakeResponse, type MessagesRequestBody } from './fake-anthropic-server.js';

const PREDICT = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/anthropic\/models\/([^/:]+):(rawPredict|streamRawPredict)$/;

/** What the fake expects: the project and region in the path and the OAuth access token. */
export interface FakeVertexSetup {
  projectId: string;
  region: string;
  accessToken: string;
}

/**
 * A loopback Vertex AI endpoint for Anthropic models: `POST /v1/projects/{project}/locations/{region}/publishers/
 * anthropic/models/{model}:streamRawPredict` with a Google OAuth bearer token and `anthropic_version: vertex-2023-10-16` in the body
 * (the model is in the path), answered with the Messages API's SSE. Errors use Google's envelope
 * (`{"error": {code, message, status}}`). The recorded body gets the model from the path.
 */
export class FakeVertexServer extends FakeAnthropicServer {
  constructor(private readonly setup: FakeVertexSetup) {
    super();
  }

  protected override route(request: IncomingMessage, raw: Buffer): MessagesRequestBody | undefined {
    const match = PREDICT.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return undefined;
    if (match[1] !== this.setup.projectId || match[2] !== this.setup.region) return undefined;
    const body = JSON.parse(raw.toString('utf8')) as MessagesRequestBody & { anthropic_version?: string };
    return { ...body, model: decodeURIComponent(match[3]!), stream: match[4] === 'streamRawPredict' };
  }

  protected override refuse(request: IncomingMessage, raw: Buffer): Extract<FakeResponse, { kind: 'error' }> | undefined {
    if (request.headers.authorization !== `Bearer ${this.setup.accessToken}`) return { kind: 'error', status: 401, errorType: 'UNAUTHENTICATED', message: 'Request had invalid authentication credentials.' };
    const body = JSON.parse(raw.toString('utf8')) as { anthropic_version?: string; model?: string };
    if (body.anthropic_version !== 'vertex-2023-10-16' || body.model !== undefined) return { kind: 'error', status: 400, errorType: 'INVALID_ARGUMENT', message: 'anthropic_version must be vertex-2023-10-16; the model goes in the path' };
    return undefined;
  }

  protected override sendError(response: ServerResponse, error: Extract<FakeResponse, { kind: 'error' }>): void {
    response.writeHead(error.status, { 'content-type': 'application/json; charset=UTF-8', ...error.headers });
    response.end(JSON.stringify({ error: { code: error.status, message: error.message ?? error.errorType, status: error.errorType } }));
  }
}
