import Anthropic from '@anthropic-ai/sdk';
import { ClaudeAgent } from '../../../src/agent/claude/claude-agent.js';
import { anthropicModel } from '../../../src/agent/providers/sdk-model-client.js';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import type { Inbound, Reply, Responder } from '../../../src/agent/responder.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import type { Gateway } from '../../../src/gateway/gateway.js';
import { FakeAnthropicServer, type MessagesRequestBody } from '../../support/fake-anthropic-server.js';
import { testOpsbot } from '../../support/test-opsbot.js';

type AgentSettings = NonNullable<ConfigInput['agent']>;

/** A real opsbot (demo backends, in-memory store), the real SDK pointed at a loopback fake model, and the agent between them. */
export async function agentFixture(options: { agent?: Partial<AgentSettings>; maxRetries?: number; wrapGateway?: (gateway: Gateway) => Gateway } = {}) {
  const server = new FakeAnthropicServer();
  const baseURL = await server.start();
  const agentSettings = { model: 'claude-test', maxRoundTrips: 6, timeoutSeconds: 10, dailyTokenBudget: 1_000_000, memoryTurns: 20, ...options.agent };
  const opsbot = await testOpsbot({ overrides: { agent: agentSettings } });
  const gateway = options.wrapGateway ? options.wrapGateway(opsbot.gateway) : opsbot.gateway;
  // Always explicit: tests must never reach a real endpoint or read a real key from the environment.
  const client = anthropicModel(new Anthropic({ apiKey: 'test-key', baseURL, maxRetries: options.maxRetries ?? 0, timeout: 5_000 }));
  const router = new CommandRouter(opsbot.gateway, opsbot.config);
  const agent = new ClaudeAgent({ opsbot: { ...opsbot, gateway }, client, fallback: router });
  return {
    server,
    opsbot,
    agent,
    router: router as Responder,
    ask(text: string, actor = 'U00DEV', conversationId = 'C-test'): Promise<Reply> {
      const message: Inbound = { text, actor, origin: { frontEnd: 'test', conversationId } };
      return agent.respond(message);
    },
    async cleanup() {
      agent.close();
      await server.stop();
      await opsbot.cleanup();
    },
  };
}

/** All text a request carried in its messages (text blocks and tool_result contents), in order. */
export function messageTexts(body: MessagesRequestBody): string[] {
  const texts: string[] = [];
  for (const message of body.messages) {
    if (typeof message.content === 'string') {
      texts.push(message.content);
      continue;
    }
    for (const block of message.content) {
      if (block.type === 'text') texts.push(String(block.text));
      if (block.type === 'tool_result') {
        const content = block.content;
        if (typeof content === 'string') texts.push(content);
        else if (Array.isArray(content)) for (const inner of content as Array<{ type: string; text?: string }>) if (inner.type === 'text') texts.push(inner.text ?? '');
      }
    }
  }
  return texts;
}

/** The tool_result blocks of a request's last message. */
export function lastToolResults(body: MessagesRequestBody): Array<{ tool_use_id: string; content: string; is_error?: boolean }> {
  const last = body.messages[body.messages.length - 1];
  if (!last || typeof last.content === 'string') return [];
  return last.content.filter((block) => block.type === 'tool_result') as unknown as Array<{ tool_use_id: string; content: string; is_error?: boolean }>;
}

/** Whether every occurrence of `needle` in `text` lies inside an open <tool_result_data> block. */
export function onlyInsideData(text: string, needle: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(needle, from);
    if (at < 0) return true;
    const before = text.slice(0, at);
    const opened = before.lastIndexOf('<tool_result_data');
    const closed = before.lastIndexOf('</tool_result_data>');
    if (opened < 0 || closed > opened) return false;
    from = at + needle.length;
  }
}
