import Anthropic from '@anthropic-ai/sdk';
import type { Config } from '../../config/schema.js';
import { registerSecret } from '../../util/redact.js';
import { envValue, MODEL_RETRIES, type ModelSetup } from '../claude/model-client.js';
import { SdkModelClient } from './sdk-model-client.js';

/**
 * Anthropic's own API: the key from `agent.apiKey` or ANTHROPIC_API_KEY; the endpoint from `agent.baseUrl` or
 * ANTHROPIC_BASE_URL, as the SDK itself honours it.
 */
export function anthropicClient(config: Config, env: NodeJS.ProcessEnv): ModelSetup {
  const { agent } = config;
  const apiKey = agent.apiKey ? envValue(agent.apiKey, env) : env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) return { missing: `${agent.apiKey?.slice('env:'.length) ?? 'ANTHROPIC_API_KEY'} is not set` };
  registerSecret(apiKey);
  const sdk = new Anthropic({
    apiKey,
    baseURL: agent.baseUrl ?? (env.ANTHROPIC_BASE_URL?.trim() || undefined),
    maxRetries: MODEL_RETRIES,
    // Per attempt; the whole message is bounded separately by an AbortSignal with the same limit.
    timeout: agent.timeoutSeconds * 1000,
  });
  return { client: new SdkModelClient('anthropic', sdk.messages) };
}
