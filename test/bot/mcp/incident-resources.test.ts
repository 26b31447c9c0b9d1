import { afterEach, describe, expect, it } from 'vitest';
import { testOpsbot } from '../../support/test-opsbot.js';
import { connectInMemory } from './mcp-test-client.js';

type TestOpsbot = Awaited<ReturnType<typeof testOpsbot>>;

/** An incident's timeline over MCP: the `incident_timeline` tool, and the resource `opsbot://incidents/ID/timeline`. */
describe('incident timeline over MCP', () => {
  let opsbot: TestOpsbot | undefined;
  afterEach(async () => opsbot?.cleanup());

  it('lists open incidents as resources and reads a timeline through the gateway, as the session identity', async () => {
    const bot = (opsbot = await testOpsbot());
    const proposed = await bot.gateway.call({ tool: 'incident_declare', args: { title: 'queue backlog', severity: 'medium' }, actor: 'U00SRE', origin: { frontEnd: 'cli' } });
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    await bot.gateway.confirm(proposed.action.id, 'U00SRE', { frontEnd: 'cli' });
    const [incident] = await bot.backends.incidents.list({ openOnly: true });
    await bot.gateway.call({ tool: 'incident_note', args: { id: incident!.id, text: 'consumers scaled to 12' }, actor: 'U00SRE', origin: { frontEnd: 'cli' } });

    const session = await connectInMemory(bot.gateway, 'U00VIEWER', 'decline');
    try {
      const templates = await session.client.listResourceTemplates();
      expect(templates.resourceTemplates.map((template) => template.uriTemplate)).toEqual(['opsbot://incidents/{id}/timeline']);
      const listed = await session.client.listResources();
      expect(listed.resources.map((resource) => resource.uri)).toEqual([`opsbot://incidents/${incident!.id}/timeline`]);
      const read = await session.client.readResource({ uri: `opsbot://incidents/${incident!.id}/timeline` });
      const text = String((read.contents[0] as { text: string }).text);
      expect(text).toMatch(/declared: declared "queue backlog" \(severity medium\) \(U00SRE\)/);
      expect(text).toContain('note: consumers scaled to 12 (U00SRE)');
      await expect(session.client.readResource({ uri: 'opsbot://incidents/INC-2099-0001/timeline' })).rejects.toThrow(/No incident INC-2099-0001/);
      const audited = await bot.audit.search({ actor: 'U00VIEWER', tool: 'incident_timeline' });
      expect(audited.length).toBeGreaterThan(0);
    } finally {
      await session.close();
    }
  });
});
