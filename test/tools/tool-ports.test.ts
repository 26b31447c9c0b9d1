import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../src/agent/router/command-router.js';
import { toolSchemas } from '../../src/agent/claude/tool-schemas.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { connectInMemory } from '../bot/mcp/mcp-test-client.js';
import { FLEET, FLEET_READING, fleetOpenMetrics, fleetSpan } from '../support/fleet-openmetrics.js';
import { missingMonitoring, type RunningServer, startAlertmanager, startPrometheus } from '../support/monitoring-servers.js';
import { testOpsbot } from '../support/test-opsbot.js';

const missing = missingMonitoring();
const span = fleetSpan();
const now = () => span.clock;
const origin = { frontEnd: 'test' as const, conversationId: 'demo-never-real' };
// What only the demo could have said: its people, its versions and its deploy and paging records.
const DEMO_PEOPLE = ['U00API1', 'Abe Api', 'U00WEB1', 'Wes Web', 'U00PAY1', 'Priya', 'U00ID1', 'Ida Identity'];
const NOT_OFFERED = ['deploy', 'rollback', 'deploy_history', 'deploy_lock', 'deploy_unlock', 'page', 'oncall', 'incident_declare', 'incident_list', 'release_prepare', 'release_publish'];

describe.skipIf(missing)(`with metrics and alerts real and nothing else configured${missing ? ` — ${missing}` : ''}`, () => {
  let prometheus: RunningServer;
  let alertmanager: RunningServer;
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  let router: CommandRouter;

  beforeAll(async () => {
    [prometheus, alertmanager] = await Promise.all([startPrometheus(fleetOpenMetrics(FLEET, span)), startAlertmanager()]);
    const backends = { metrics: { adapter: 'prometheus', url: prometheus.url, ...FLEET_READING }, alerts: { adapter: 'alertmanager', url: alertmanager.url } } as ConfigInput['backends'];
    opsbot = await testOpsbot({ overrides: { backends }, now });
    router = new CommandRouter(opsbot.gateway, opsbot.config);
  }, 60_000);
  afterAll(async () => {
    await opsbot?.cleanup();
    await Promise.all([prometheus?.cleanup(), alertmanager?.cleanup()]);
  });

  const ask = async (text: string, actor = 'U00LEAD') => (await router.respond({ text, actor, origin })).text;

  it('offers no deploy, paging, on-call, incident or release tool: not in help, the model tools or MCP tools/list', async () => {
    const visible = (await opsbot.gateway.visibleTools('U00LEAD')).map((tool) => tool.name);
    expect(visible).toEqual(expect.arrayContaining(['service_status', 'service_metrics', 'alerts_list', 'alert_silence', 'runbook', 'audit_search']));
    for (const name of NOT_OFFERED) expect(visible).not.toContain(name);
    const modelTools = toolSchemas(await opsbot.gateway.visibleTools('U00LEAD')).map((tool) => tool.name);
    for (const name of NOT_OFFERED) expect(modelTools).not.toContain(name);
    const mcp = await connectInMemory(opsbot.gateway, 'U00LEAD');
    try {
      const listed = (await mcp.client.listTools()).tools.map((tool) => tool.name);
      expect(listed).toContain('service_status');
      for (const name of NOT_OFFERED) expect(listed).not.toContain(name);
    } finally {
      await mcp.close();
    }
    const help = await ask('help');
    expect(help).toMatch(/\bstatus\b/);
    expect(help).not.toMatch(/^\s*(?:!|\/)?(deploy|rollback|page|oncall|incident|release)\b/m);
  });

  it('shows no demo version, deploy, person or page in any answer; asking for one says it is not configured', async () => {
    const status = await ask('status frontend');
    expect(status.split('\n')[0]).toBe('frontend (production) NORMAL');
    expect(status).not.toMatch(/recent deploys|v\d+\.\d+\.\d+/);
    const fleet = await ask('status');
    expect(fleet).not.toMatch(/v\d+\.\d+\.\d+/);
    const load = await ask("how's frontend load?");
    expect(load).toMatch(/requests\s+301 req\/s/);
    expect(load).not.toMatch(/v\d+\.\d+\.\d+/);
    expect(await ask('deploy frontend v2.4.0 to production')).toContain('Deploys are not configured here (backends.deploys).');
    expect(await ask('page team web')).toContain('Paging is not configured here (backends.paging).');
    expect(await ask('who is on call for web?')).toContain('On-call is not configured here (backends.oncall).');
    const answers = [status, fleet, load, await ask('deploy history frontend'), await ask('who is on call for web?'), await ask('page team web'), await ask('incidents')];
    for (const answer of answers) for (const person of DEMO_PEOPLE) expect(answer).not.toContain(person);
  });

  it('mixes the demo in only when written, and marks what it says (demo)', async () => {
    const backends = { metrics: { adapter: 'prometheus', url: prometheus.url, ...FLEET_READING }, deploys: { adapter: 'demo' } } as ConfigInput['backends'];
    const mixed = await testOpsbot({ overrides: { backends }, now });
    try {
      const status = await mixed.gateway.call({ tool: 'service_status', args: { service: 'frontend' }, actor: 'U00VIEWER', origin });
      expect(status.text.split('\n')[0]).toMatch(/^frontend \(production\) NORMAL · v\d+\.\d+\.\d+ \(demo\)$/);
      const history = await mixed.gateway.call({ tool: 'deploy_history', args: { service: 'frontend' }, actor: 'U00VIEWER', origin });
      expect(history.status).toBe('ok');
      expect(history.text.startsWith('(demo) ')).toBe(true);
      // Metrics come from Prometheus: not marked.
      const load = await mixed.gateway.call({ tool: 'service_metrics', args: { service: 'frontend' }, actor: 'U00VIEWER', origin });
      expect(load.text).not.toContain('(demo)');
    } finally {
      await mixed.cleanup();
    }
  });
});
