import Anthropic from '@anthropic-ai/sdk';
import type { Config } from '../../config/schema.js';
import { registerSecret } from '../../util/redact.js';

/** Retries the SDK makes itself on 408/409/429/5xx/529 (with backoff and retry-after) before opsbot falls back to the router. */
export const MODEL_RETRIES = 3;

/**
 * The SDK client for the Messages API, or undefined when no key is set (the router answers then). The key is
 * registered as a secret first, so no log line, audit record or reply can ever carry it. ANTHROPIC_BASE_URL
 * is honoured as the SDK itself does (from the given environment first, then the process's).
 */
export function createModelClient(config: Config, env: NodeJS.ProcessEnv = process.env): Anthropic | undefined {
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) return undefined;
  registerSecret(apiKey);
  return new Anthropic({
    apiKey,
    baseURL: env.ANTHROPIC_BASE_URL?.trim() || undefined,
    maxRetries: MODEL_RETRIES,
    // Per attempt; the whole message is bounded separately by an AbortSignal with the same limit.
    timeout: config.agent.timeoutSeconds * 1000,
  });
}
