import Anthropic from '@anthropic-ai/sdk';
import { createOpsbot } from '../src/app.js';
import { ClaudeAgent } from '../src/agent/claude/claude-agent.js';
import { anthropicModel } from '../src/agent/providers/sdk-model-client.js';
import { chooseOffer, offerBytes, wantedGroups } from '../src/agent/claude/group-choice.js';
import { systemPrompt } from '../src/agent/claude/system-prompt.js';
import { toolSchemas } from '../src/agent/claude/tool-schemas.js';
import { CommandRouter } from '../src/agent/router/command-router.js';
import { requestTopics } from '../src/agent/router/topics.js';
import { demoConfig } from '../src/config/demo-config.js';
import type { Config } from '../src/config/schema.js';
import { validateConfig } from '../src/app/validate-config.js';
import type { Gateway } from '../src/gateway/gateway.js';
import { FakeAnthropicServer, type RecordedRequest, reply, text, toolUse } from '../test/support/fake-anthropic-server.js';
import { sized } from './bench-size.js';

const MESSAGES = Number(process.env.AGENT_BENCH_MESSAGES ?? sized(300, 20));
const WARMUP = sized(30, 3);
const TARGET_OVERHEAD_MEDIAN_MS = 5;
const TARGET_CATALOG_TOKENS = 2_500;

/**
 * opsbot's own cost per agent message against a zero-latency loopback model: wall time minus the time spent
 * inside model calls and gateway calls (memory, budget, prompt and schema building, result wrapping remain).
 * The baseline is the bare SDK replaying the very same requests. Also sizes the prompt prefix (system + tools).
 */
export async function run(): Promise<void> {
  const server = new FakeAnthropicServer();
  // Two rounds per message, as a typical question takes: one tool call, then the answer.
  server.useScript((request) => (hasToolResult(request) ? reply([text('frontend is NORMAL at v2.3.1.')]) : reply([toolUse('service_status', { service: 'frontend' })])));
  const baseURL = await server.start();
  const config = validateConfig({ ...demoConfig, agent: { model: 'claude-bench', maxRoundTrips: 8, timeoutSeconds: 60, dailyTokenBudget: 100_000_000, memoryTurns: 20 } });
  const opsbot = await createOpsbot({ config, configSource: 'bench', memory: true, env: {} });
  const sdk = new Anthropic({ apiKey: 'bench-key', baseURL, maxRetries: 0 });
  const client = anthropicModel(sdk);
  let modelMs = 0;
  let toolMs = 0;
  const agent = new ClaudeAgent({
    opsbot,
    client,
    fallback: new CommandRouter(opsbot.gateway, opsbot.config),
    telemetry: { modelRound: (ms) => (modelMs += ms), toolBatch: (ms) => (toolMs += ms) },
  });
  try {
    const overhead: number[] = [];
    const wall: number[] = [];
    const model: number[] = [];
    const tools: number[] = [];
    for (let index = 0; index < WARMUP + MESSAGES; index++) {
      modelMs = 0;
      toolMs = 0;
      const started = performance.now();
      // Ten conversations in turn, so memory is loaded, grown and trimmed as in real use.
      await agent.respond({ text: 'how is frontend?', actor: 'U00DEV', origin: { frontEnd: 'cli', conversationId: `bench-${index % 10}` } });
      const elapsed = performance.now() - started;
      if (index < WARMUP) continue;
      wall.push(elapsed);
      model.push(modelMs);
      tools.push(toolMs);
      overhead.push(elapsed - modelMs - toolMs);
    }
    const bare = await bareSdk(sdk, server.requests.slice(-2 * 10));
    console.log(`agent message (2 model round trips, 1 tool call), ${MESSAGES} messages after ${WARMUP} warm-up:`);
    console.log(`  opsbot overhead   median ${format(percentile(overhead, 50))}  p99 ${format(percentile(overhead, 99))}  (target median < ${TARGET_OVERHEAD_MEDIAN_MS} ms)`);
    console.log(`  opsbot wall time  median ${format(percentile(wall, 50))}  p99 ${format(percentile(wall, 99))}  (model ${format(percentile(model, 50))}, gateway ${format(percentile(tools, 50))} median)`);
    console.log(`  bare SDK, same 2 requests  median ${format(percentile(bare, 50))}  p99 ${format(percentile(bare, 99))}`);
    console.log(`  ratio opsbot / bare SDK (median wall)  ${(percentile(wall, 50) / percentile(bare, 50)).toFixed(2)}×`);
    await catalogSize(opsbot.gateway, config);
  } finally {
    agent.close();
    await server.stop();
    await opsbot.close();
  }
}

/** The same requests as the agent's last messages, sent by the SDK alone: what any client pays for the round trips. */
async function bareSdk(client: Anthropic, requests: RecordedRequest[]): Promise<number[]> {
  const times: number[] = [];
  const pairs = Array.from({ length: requests.length / 2 }, (_, index) => requests.slice(2 * index, 2 * index + 2));
  for (let index = 0; index < WARMUP + MESSAGES; index++) {
    const started = performance.now();
    for (const request of pairs[index % pairs.length]!) {
      const { stream: _stream, ...body } = request.body;
      await client.messages.stream(body as unknown as Parameters<Anthropic['messages']['stream']>[0]).finalMessage();
    }
    if (index >= WARMUP) times.push(performance.now() - started);
  }
  return times;
}

/** Bytes and approximate tokens of what every request repeats: the system prompt plus the full tool catalog. */
async function catalogSize(gateway: Gateway, config: Config): Promise<void> {
  const tools = toolSchemas(await gateway.visibleTools('U00LEAD'));
  const grants = await gateway.grantsOf('U00LEAD');
  const system = systemPrompt(config, grants, { frontEnd: 'slack' }, new Date());
  const systemBytes = system.reduce((sum, block) => sum + Buffer.byteLength(block.text), 0);
  const toolBytes = Buffer.byteLength(JSON.stringify(tools));
  const total = systemBytes + toolBytes;
  console.log(`prompt prefix for a lead (all ${tools.length} tools):`);
  console.log(`  system prompt ${systemBytes} B, tools ${toolBytes} B, total ${total} B ≈ ${Math.round(total / 4)} tokens at 4 B/token (≈ ${Math.round(total / 3.5)} at 3.5 B/token for JSON-heavy text); target < ${TARGET_CATALOG_TOKENS}`);
  const heavy = tools
    .map((tool) => ({ name: tool.name, bytes: Buffer.byteLength(JSON.stringify(tool)), description: Buffer.byteLength(tool.description ?? '') }))
    .sort((left, right) => right.bytes - left.bytes)
    .slice(0, 5);
  console.log(`  heaviest tools: ${heavy.map((tool) => `${tool.name} ${tool.bytes} B (description ${tool.description} B)`).join(', ')}`);
  // What a first request really carries: the groups the message needs (group-choice.ts), plus more_tools.
  const visible = await gateway.visibleTools('U00LEAD');
  for (const question of ['how is frontend?', 'deploy payments v5.2.0 to production and page whoever is on call']) {
    const offer = chooseOffer(visible, wantedGroups(requestTopics(question, config), [], gateway.catalog), system);
    const bytes = systemBytes + offerBytes(offer);
    console.log(`  first request for "${question}": groups ${offer.groups().join(', ')}; ${bytes} B ≈ ${Math.round(bytes / 3.5)} tokens at 3.5 B/token`);
  }
}

function hasToolResult(request: RecordedRequest): boolean {
  const last = request.body.messages[request.body.messages.length - 1];
  return Boolean(last && typeof last.content !== 'string' && last.content.some((block) => block.type === 'tool_result'));
}

function percentile(values: number[], rank: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil((rank / 100) * sorted.length) - 1)] ?? 0;
}

function format(milliseconds: number): string {
  return `${milliseconds.toFixed(2)} ms`;
}
