import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import type { Config } from '../../config/schema.js';
import { registerSecret } from '../../util/redact.js';
import { envValue, MODEL_RETRIES, type ModelSetup } from '../claude/model-client.js';
import { SdkModelClient, type SdkMessages } from './sdk-model-client.js';

/**
 * Claude on Amazon Bedrock through Anthropic's Bedrock SDK: requests are signed with SigV4 from the usual AWS
 * environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the SDK's credential chain:
 * profile, SSO, instance role), or carry a Bedrock API key (`agent.apiKey`, AWS_BEARER_TOKEN_BEDROCK).
 * The region is `agent.region` or AWS_REGION; `agent.model` is a Bedrock model or inference-profile id.
 */
export function bedrockClient(config: Config, env: NodeJS.ProcessEnv): ModelSetup {
  const { agent } = config;
  const region = agent.region ?? (env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim());
  if (!region) return { missing: 'agent.region or AWS_REGION is not set' };
  const apiKey = agent.apiKey ? envValue(agent.apiKey, env) : env.AWS_BEARER_TOKEN_BEDROCK?.trim() || undefined;
  if (agent.apiKey && !apiKey) return { missing: `${agent.apiKey.slice('env:'.length)} is not set` };
  const accessKey = env.AWS_ACCESS_KEY_ID?.trim();
  const secretKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  const sessionToken = env.AWS_SESSION_TOKEN?.trim() || null;
  for (const secret of [apiKey, secretKey, sessionToken]) registerSecret(secret ?? undefined);
  const options = {
    awsRegion: region,
    // null, not undefined: the SDK would otherwise read the process's environment behind the given one.
    apiKey: apiKey ?? null,
    ...(agent.baseUrl ? { baseURL: agent.baseUrl } : {}),
    maxRetries: MODEL_RETRIES,
    timeout: agent.timeoutSeconds * 1000,
    // The SDK copies this header into the body's anthropic_version; Bedrock documents this value for Claude.
    defaultHeaders: { 'anthropic-version': 'bedrock-2023-05-31' },
  };
  // Without both keys in the given environment the SDK's credential chain finds them (profile, SSO, instance role).
  const sdk = accessKey && secretKey ? new AnthropicBedrock({ ...options, awsAccessKey: accessKey, awsSecretKey: secretKey, awsSessionToken: sessionToken }) : new AnthropicBedrock(options);
  return { client: new SdkModelClient('bedrock', sdk.messages as unknown as SdkMessages) };
}
