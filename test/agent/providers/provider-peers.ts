import { createResponder } from '../../../src/agent/create-responder.js';
import type { ModelClientOptions, ModelProvider } from '../../../src/agent/claude/model-client.js';
import type { Inbound, Reply, Responder } from '../../../src/agent/responder.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { FakeAnthropicServer, type FakeResponse, type MessagesRequestBody } from '../../support/fake-anthropic-server.js';
import { FakeBedrockServer } from '../../support/fake-bedrock-server.js';
import { type ChatRequestBody, FakeOpenAiServer } from '../../support/fake-openai-server.js';
import { FakeVertexServer } from '../../support/fake-vertex-server.js';
import { testOpsbot } from '../../support/test-opsbot.js';
import { messageTexts } from '../claude/agent-fixture.js';

type AgentSettings = NonNullable<ConfigInput['agent']>;

/** A request as every provider's test reads it: the texts it carried (tool results included) and whether tools were off. */
export interface SeenRequest {
  model: string;
  texts: string[];
  toolsOff: boolean;
  toolNames: string[];
}

/** One provider's loopback peer with the config and environment that point opsbot at it. */
export interface ProviderPeer {
  enqueue(...responses: FakeResponse[]): void;
  seen(): SeenRequest[];
  agent: Partial<AgentSettings>;
  env: Record<string, string>;
  model?: ModelClientOptions;
  /** Every credential the peer was given, none of which may appear in a reply. */
  secrets: string[];
  stop(): Promise<void>;
}

export const AWS = { accessKeyId: 'AKIDEXAMPLEOPSBOT', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'eu-west-1' };
export const VERTEX = { projectId: 'ops-project', region: 'europe-west4', accessToken: 'ya29.fake-access-token-for-tests' };
const OPENAI_KEY = 'sk-local-test-key-0123456789';

const common = { maxRoundTrips: 6, timeoutSeconds: 10, dailyTokenBudget: 1_000_000, memoryTurns: 20 };

function anthropicSeen(body: MessagesRequestBody): SeenRequest {
  return { model: body.model, texts: messageTexts(body), toolsOff: body.tool_choice?.type === 'none', toolNames: (body.tools ?? []).map((tool) => tool.name) };
}

function chatSeen(body: ChatRequestBody): SeenRequest {
  const texts = body.messages.filter((message) => message.role !== 'system' && message.content).map((message) => message.content!);
  return { model: body.model, texts, toolsOff: body.tool_choice === 'none', toolNames: (body.tools ?? []).map((tool) => tool.function.name) };
}

/** Starts the loopback peer for `provider`. */
export async function startPeer(provider: ModelProvider): Promise<ProviderPeer> {
  if (provider === 'openai-compatible') {
    const server = new FakeOpenAiServer(OPENAI_KEY);
    const baseUrl = await server.start();
    return {
      enqueue: (...responses) => void server.enqueue(...responses),
      seen: () => server.requests.map((request) => chatSeen(request.body)),
      agent: { ...common, provider, baseUrl, model: 'qwen3-32b', apiKey: 'env:LOCAL_MODEL_KEY' },
      env: { LOCAL_MODEL_KEY: OPENAI_KEY },
      secrets: [OPENAI_KEY],
      stop: () => server.stop(),
    };
  }
  const server = provider === 'bedrock' ? new FakeBedrockServer(AWS) : provider === 'vertex' ? new FakeVertexServer(VERTEX) : new FakeAnthropicServer();
  const origin = await server.start();
  const base = { enqueue: (...responses: FakeResponse[]) => void server.enqueue(...responses), seen: () => server.requests.map((request) => anthropicSeen(request.body)), stop: () => server.stop() };
  if (provider === 'bedrock') {
    const env = { AWS_ACCESS_KEY_ID: AWS.accessKeyId, AWS_SECRET_ACCESS_KEY: AWS.secretAccessKey, AWS_REGION: AWS.region };
    return { ...base, agent: { ...common, provider, baseUrl: origin, model: 'anthropic.claude-sonnet-4-5-20250929-v1:0' }, env, secrets: [AWS.secretAccessKey] };
  }
  if (provider === 'vertex') {
    // A stand-in for Google's AuthClient: what Application Default Credentials would give, without a Google login.
    const googleCredentials = { projectId: null, getRequestHeaders: async () => new Headers({ authorization: `Bearer ${VERTEX.accessToken}` }) };
    return { ...base, agent: { ...common, provider, baseUrl: `${origin}/v1`, model: 'claude-sonnet-4-5@20250929', region: VERTEX.region, projectId: VERTEX.projectId }, env: {}, model: { googleCredentials }, secrets: [VERTEX.accessToken] };
  }
  return { ...base, agent: { ...common, provider, baseUrl: origin, model: 'claude-test' }, env: { ANTHROPIC_API_KEY: 'sk-ant-test-key-0123' }, secrets: ['sk-ant-test-key-0123'] };
}

/** A real opsbot whose responder is built exactly as `opsbot start` builds it, pointed at the peer. */
export async function providerFixture(peer: ProviderPeer) {
  const opsbot = await testOpsbot({ overrides: { agent: peer.agent as AgentSettings } });
  const responder: Responder & { close?(): void } = await createResponder(opsbot, { env: peer.env, model: peer.model });
  return {
    opsbot,
    responder,
    ask(text: string, onText?: (delta: string) => void): Promise<Reply> {
      const message: Inbound = { text, actor: 'U00DEV', origin: { frontEnd: 'test', conversationId: 'C-provider' }, ...(onText ? { onText } : {}) };
      return responder.respond(message);
    },
    async cleanup() {
      responder.close?.();
      await peer.stop();
      await opsbot.cleanup();
    },
  };
}
