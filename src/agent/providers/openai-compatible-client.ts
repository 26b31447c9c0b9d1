import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { Config } from '../../config/schema.js';
import { registerSecret } from '../../util/redact.js';
import { envValue, MODEL_RETRIES, type ModelClient, type ModelRequest, type ModelSetup, type RoundListener } from '../claude/model-client.js';
import { failureForStatus, ModelUnavailableError } from '../claude/model-errors.js';
import { readChatStream } from './openai-stream.js';
import { chatCompletionRequest } from './openai-wire.js';

/** Statuses worth another attempt, as the Anthropic SDK retries them too. */
const RETRYABLE = new Set([408, 409, 429]);
/** A retry-after longer than this is not waited for: the message's own time limit would pass first. */
const LONGEST_WAIT_MS = 60_000;

/**
 * A self-hosted or proxied model behind an OpenAI-compatible Chat Completions endpoint (vLLM, Ollama, LiteLLM):
 * `agent.baseUrl` (…/v1), `agent.model`, and an optional bearer key from `agent.apiKey`.
 */
export function openAiCompatibleClient(config: Config, env: NodeJS.ProcessEnv): ModelSetup {
  const { agent } = config;
  if (!agent.baseUrl) return { missing: 'agent.baseUrl is not set' };
  const apiKey = envValue(agent.apiKey, env);
  if (agent.apiKey && !apiKey) return { missing: `${agent.apiKey.slice('env:'.length)} is not set` };
  registerSecret(apiKey);
  return { client: new OpenAiCompatibleClient(agent.baseUrl, apiKey, agent.timeoutSeconds * 1000) };
}

/** ModelClient over Chat Completions with streaming: the tool loop's requests translated there, the answers back. */
export class OpenAiCompatibleClient implements ModelClient {
  readonly provider = 'openai-compatible' as const;
  private readonly endpoint: string;

  constructor(
    baseUrl: string,
    private readonly apiKey: string | undefined,
    private readonly attemptMs: number,
    private readonly retries = MODEL_RETRIES,
  ) {
    this.endpoint = `${baseUrl.replace(/\/+$/, '')}/chat/completions`;
  }

  async round(request: ModelRequest, options: { signal: AbortSignal; listener?: RoundListener }): Promise<Message> {
    const body = JSON.stringify(chatCompletionRequest(request));
    for (let attempt = 0; ; attempt++) {
      const signal = AbortSignal.any([options.signal, AbortSignal.timeout(this.attemptMs)]);
      const response = await this.send(body, signal, options.signal, attempt);
      if (response === 'retry') continue;
      if (response.ok && response.body) {
        try {
          return await readChatStream(response.body, request.model, options.listener);
        } catch (error) {
          throw this.failureOf(error, options.signal);
        }
      }
      await response.body?.cancel();
      if (attempt < this.retries && (RETRYABLE.has(response.status) || response.status >= 500)) {
        await pause(retryDelay(response.headers, attempt), options.signal);
        continue;
      }
      // The server's own error text is never passed on: it may echo the request.
      throw new ModelUnavailableError(failureForStatus(response.status));
    }
  }

  private async send(body: string, signal: AbortSignal, outer: AbortSignal, attempt: number): Promise<Response | 'retry'> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    try {
      return await fetch(this.endpoint, { method: 'POST', headers, body, signal });
    } catch (error) {
      const failure = this.failureOf(error, outer);
      if (outer.aborted || attempt >= this.retries) throw failure;
      await pause(retryDelay(new Headers(), attempt), outer);
      return 'retry';
    }
  }

  /** An error while sending or reading, in opsbot's words; the caller's own deadline stays an abort. */
  private failureOf(error: unknown, outer: AbortSignal): unknown {
    if (error instanceof ModelUnavailableError || outer.aborted) return error;
    if (error instanceof Error && error.name === 'TimeoutError') return new ModelUnavailableError({ timedOut: false, reason: 'the API did not answer in time' });
    // A connection that breaks mid-body ends the stream before its finish, like a cut stream.
    return new ModelUnavailableError({ timedOut: false, reason: 'the API could not be reached' });
  }
}

/** retry-after-ms, then retry-after (seconds), else exponential backoff from half a second with jitter. */
function retryDelay(headers: Headers, attempt: number): number {
  const milliseconds = Number(headers.get('retry-after-ms'));
  if (milliseconds > 0) return Math.min(milliseconds, LONGEST_WAIT_MS);
  const seconds = Number(headers.get('retry-after'));
  if (seconds > 0) return Math.min(seconds * 1000, LONGEST_WAIT_MS);
  return Math.min(500 * 2 ** attempt, 8_000) * (0.75 + Math.random() / 4);
}

function pause(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, milliseconds);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}
