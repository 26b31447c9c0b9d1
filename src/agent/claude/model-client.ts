import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import type { Config } from '../../config/schema.js';

/** Retries a client makes itself on 408/409/429/5xx/529 (with backoff and retry-after) before opsbot falls back to the router. */
export const MODEL_RETRIES = 3;

/** Who serves the model (config `agent.provider`). */
export type ModelProvider = Config['agent']['provider'];

/** One model request in the Messages API's shapes: the only format the tool loop speaks, whatever the provider. */
export type ModelRequest = Pick<MessageCreateParamsNonStreaming, 'model' | 'max_tokens' | 'system' | 'tools' | 'messages' | 'tool_choice'>;

/** What a round reports while it streams: a text block begins, a piece of its text arrives. */
export interface RoundListener {
  textBlock(): void;
  text(delta: string): void;
}

/** The Messages API calls the postmortem writer makes; present when the provider speaks that API. */
export interface MessagesApi {
  create(request: MessageCreateParamsNonStreaming): Promise<Message>;
}

/**
 * The seam between the tool loop and a provider: one streamed round, answered as a Messages API message.
 * Failures are thrown as the Anthropic SDK's errors or as ModelUnavailableError, which modelFailureOf reads.
 */
export interface ModelClient {
  readonly provider: ModelProvider;
  round(request: ModelRequest, options: { signal: AbortSignal; listener?: RoundListener }): Promise<Message>;
  readonly messages?: MessagesApi;
}

/** A client, or why there is none (the router answers then, saying so). */
export type ModelSetup = { client: ModelClient } | { missing: string };

/** What tests (and embedders) may hand in instead of the process's credentials. */
export interface ModelClientOptions {
  /** Google credentials for vertex: anything with getRequestHeaders(), e.g. a google-auth-library AuthClient. */
  googleCredentials?: GoogleCredentials;
}

/** The part of a Google AuthClient the Vertex SDK uses. */
export interface GoogleCredentials {
  projectId?: string | null;
  getRequestHeaders(): Promise<Headers>;
}

/**
 * The model client for `agent.provider`. Each provider's SDK loads only when chosen, keeping start-up fast for the
 * router, the CLI and MCP. Every key is registered as a secret first, so no log line, audit record or reply can
 * carry it.
 */
export async function createModelClient(config: Config, env: NodeJS.ProcessEnv = process.env, options: ModelClientOptions = {}): Promise<ModelSetup> {
  switch (config.agent.provider) {
    case 'anthropic':
      return (await import('../providers/anthropic-provider.js')).anthropicClient(config, env);
    case 'bedrock':
      return (await import('../providers/bedrock-provider.js')).bedrockClient(config, env);
    case 'vertex':
      return (await import('../providers/vertex-provider.js')).vertexClient(config, env, options.googleCredentials);
    case 'openai-compatible':
      return (await import('../providers/openai-compatible-client.js')).openAiCompatibleClient(config, env);
  }
}

/** The value of `env:NAME` from `env`, trimmed; undefined when unset or empty. */
export function envValue(reference: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (!reference) return undefined;
  return env[reference.slice('env:'.length)]?.trim() || undefined;
}
