import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chooseOffer, offerBytes, PROMPT_BUDGET_BYTES } from '../../../src/agent/claude/group-choice.js';
import { systemPrompt } from '../../../src/agent/claude/system-prompt.js';
import type { Config } from '../../../src/config/schema.js';
import type { Gateway } from '../../../src/gateway/gateway.js';
import type { ToolEntry } from '../../../src/gateway/tool-catalog.js';
import { defineTool } from '../../../src/tools/define-tool.js';
import { builtinTools } from '../../../src/tools/index.js';
import { TOOL_GROUP_NAMES } from '../../../src/tools/tool-groups.js';
import { reply, text, type MessagesRequestBody } from '../../support/fake-anthropic-server.js';
import { testConfig } from '../../support/test-opsbot.js';
import { agentFixture } from './agent-fixture.js';

/**
 * What the first model request repeats of opsbot's own text — the system prompt plus the tools offered — stays
 * under 2,500 tokens, counted at a conservative 3.5 bytes per token (JSON-heavy text): 8,750 bytes. Tools are
 * offered by group (src/agent/claude/group-choice.ts), so the budget holds however many tools exist.
 * `npm run bench -- agent` prints the same figures with the heaviest tools.
 */
const BUDGET_TOKENS = 2_500;
const BYTES_PER_TOKEN = 3.5;

/** Names every group at once: the message that wants the most tools. */
const WORST_CASE = 'deploy payments v5.2.0 to production, roll back api, page whoever is on call and declare an incident, silence the alert and show its runbook, cut a release, restart the pods, show the grafana dashboard and the audit report of pending actions, and watch the status and latency of auth';

type Fixture = Awaited<ReturnType<typeof agentFixture>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const promptBytes = (body: MessagesRequestBody) => (body.system ?? []).reduce((sum, block) => sum + Buffer.byteLength(block.text), 0) + Buffer.byteLength(JSON.stringify(body.tools ?? []));

/** Every tool opsbot has, including those only some adapters bring (page_respond comes with PagerDuty). */
function everyTool(config: Config): ToolEntry[] {
  const withPagerDuty = { ...config, backends: { ...config.backends, paging: { ...config.backends.paging, adapter: 'pagerduty' } } } as Config;
  return builtinTools(withPagerDuty);
}

/** 15 tools of a group no status question needs, each about as large as a real one. */
const extra: ToolEntry[] = Array.from({ length: 15 }, (_, index) =>
  defineTool({
    name: `workload_probe_${index}`,
    group: 'kubernetes',
    title: `Workload probe ${index}`,
    description: 'Reads one workload of the cluster, its pods, restarts and events, for questions about Kubernetes.',
    input: z.object({ namespace: z.string(), workload: z.string(), container: z.string().optional() }),
    effect: 'read',
    permission: { verb: 'read', scopes: ['status'], scopeOf: () => 'status' },
    describe: () => 'probe',
    run: async () => ({ text: 'ok', data: {} }),
  }),
);
/** The agent's gateway with the extra tools registered and permitted (read, like any read tool). */
const withExtra = (gateway: Gateway): Gateway => {
  const wrapped = Object.create(gateway) as Gateway;
  const list = () => [...gateway.catalog.list(), ...extra];
  Object.defineProperty(wrapped, 'catalog', { value: { list, get: (name: string) => list().find((tool) => tool.name === name) } });
  wrapped.visibleTools = async (actor) => [...(await gateway.visibleTools(actor)), ...extra];
  return wrapped;
};

describe('prompt budget', () => {
  it('keeps the first request of the worst-case message under 2,500 tokens, as sent, with every tool and 15 more registered', async () => {
    fixture = await agentFixture({ wrapGateway: withExtra });
    fixture.server.enqueue(reply([text('On it.')]));
    await fixture.ask(WORST_CASE, 'U00LEAD');

    const first = fixture.server.requests[0]!.body;
        expect(promptBytes(first) / BYTES_PER_TOKEN).toBeLessThan(BUDGET_TOKENS);
    const offered = first.tools!.map((tool) => tool.name);
    // The most wanted groups are there; whatever did not fit is one more_tools call away.
    expect(offered).toEqual(expect.arrayContaining(['deploy', 'rollback', 'page']));
    expect(offered).toContain('more_tools');
    expect(offered.length).toBeLessThan(fixture.opsbot.gateway.catalog.list().length + extra.length);
  });

  it('holds for every group a message can want first, with every tool registered and every other group wanted after it', () => {
    const config = testConfig();
    const tools = everyTool(config);
    expect(tools.map((tool) => tool.name)).toContain('page_respond');
    const grants = { userId: 'U00LEAD', roles: ['lead'], patterns: [{ pattern: '*', role: 'lead' }] } as unknown as Parameters<typeof systemPrompt>[1];
    const system = systemPrompt(config, grants, { frontEnd: 'slack' }, new Date('2026-12-01T10:00:00Z'));
    const systemBytes = system.reduce((sum, block) => sum + Buffer.byteLength(block.text), 0);
    for (const group of TOOL_GROUP_NAMES.filter((name) => tools.some((tool) => tool.group === name))) {
      const wanted = [group, ...TOOL_GROUP_NAMES.filter((other) => other !== group)];
      const offer = chooseOffer(tools, wanted, system);
      expect(offer.groups()).toContain(group);
      expect((systemBytes + offerBytes(offer)) / BYTES_PER_TOKEN, `first group ${group}`).toBeLessThan(BUDGET_TOKENS);
    }
    expect(PROMPT_BUDGET_BYTES / BYTES_PER_TOKEN).toBe(BUDGET_TOKENS);
  });

  it('does not grow a status question by the definitions of 15 tools added in another group', async () => {
    const sizes: number[] = [];
    for (const wrapGateway of [undefined, withExtra]) {
      fixture = await agentFixture({ wrapGateway });
      fixture.server.enqueue(reply([text('Frontend is fine.')]));
      await fixture.ask("how's frontend load?", 'U00LEAD');
      const first = fixture.server.requests[0]!.body;
      expect(first.tools!.map((tool) => tool.name)).toContain('service_metrics');
      expect(JSON.stringify(first.tools)).not.toContain('workload_probe');
      sizes.push(promptBytes(first));
      await fixture.cleanup();
      fixture = undefined;
    }
    // At most the new group's name and label in more_tools' list of groups, never the tools' definitions.
    expect(sizes[1]! - sizes[0]!).toBeLessThanOrEqual(Buffer.byteLength('; kubernetes (Kubernetes workloads)') + 20);
    expect(sizes[1]! - sizes[0]!).toBeLessThan(extra.length * 50);
  });
});
