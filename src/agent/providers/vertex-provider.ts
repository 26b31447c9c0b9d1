import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import type { AuthClient } from 'google-auth-library';
import type { Config } from '../../config/schema.js';
import { type GoogleCredentials, MODEL_RETRIES, type ModelSetup } from '../claude/model-client.js';
import { SdkModelClient, type SdkMessages } from './sdk-model-client.js';
import { ApplicationDefaultCredentials } from './google-credentials.js';

/**
 * Claude on Google Vertex AI through Anthropic's Vertex SDK: Google's Application Default Credentials
 * (GOOGLE_APPLICATION_CREDENTIALS, gcloud login, the metadata server), the region from `agent.region` or
 * CLOUD_ML_REGION, the project from `agent.projectId`, ANTHROPIC_VERTEX_PROJECT_ID or the credentials.
 */
export function vertexClient(config: Config, env: NodeJS.ProcessEnv, credentials?: GoogleCredentials): ModelSetup {
  const { agent } = config;
  const region = agent.region ?? (env.CLOUD_ML_REGION?.trim() || undefined);
  if (!region) return { missing: 'agent.region or CLOUD_ML_REGION is not set' };
  const projectId = agent.projectId ?? (env.ANTHROPIC_VERTEX_PROJECT_ID?.trim() || null);
  const sdk = new AnthropicVertex({
    region,
    projectId,
    // Credentials are looked up at the first request, not at start-up: a missing login then means "the API could
    // not be reached" for that message, instead of an unhandled rejection while opsbot starts.
    authClient: (credentials ?? new ApplicationDefaultCredentials()) as unknown as AuthClient,
    ...(agent.baseUrl ? { baseURL: agent.baseUrl } : {}),
    maxRetries: MODEL_RETRIES,
    timeout: agent.timeoutSeconds * 1000,
    // The SDK copies this header into the body's anthropic_version; Vertex documents this value for Claude.
    defaultHeaders: { 'anthropic-version': 'vertex-2023-10-16' },
  });
  return { client: new SdkModelClient('vertex', sdk.messages as unknown as SdkMessages) };
}
