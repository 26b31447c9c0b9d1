import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../src/agent/router/command-router.js';
import { startMcpWorkflows } from '../../src/bot/mcp/mcp-workflows.js';
import { runShell } from '../../src/bot/shell/run-shell.js';
import { testOpsbot } from '../support/test-opsbot.js';
import { call, connectInMemory } from '../bot/mcp/mcp-test-client.js';

type TestOpsbot = Awaited<ReturnType<typeof testOpsbot>>;

/**
 * "An incident was declared: page its commander" is a workflow after the outcome, so it happens whichever front end
 * the declaration came from. test/bot/slack/incident-channel.test.ts checks the same from Slack (with its channel).
 */
describe('incident declared, from every front end', () => {
  let opsbot: TestOpsbot | undefined;
  afterEach(async () => opsbot?.cleanup());

  /** The page the workflow proposed: as the declarer, to the incident commander, through the normal approval rules. */
  async function expectCommanderPaged(bot: TestOpsbot, declarer: string) {
    const [incident] = await bot.backends.incidents.list({ openOnly: true });
    const pages = (await bot.gateway.listActions(20)).filter((action) => action.tool === 'page');
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ state: 'proposed', requester: declarer, args: { target: 'incident_commander', message: `${incident!.id} (high): db failover.` } });
    return pages[0]!;
  }

  it('from the shell: y on the declaration pages the commander as the declarer, and shows the page card', async () => {
    const bot = (opsbot = await testOpsbot());
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const done = runShell({ opsbot: bot, responder: new CommandRouter(bot.gateway, bot.config), actor: 'U00SRE', input, output });
    input.end('declare incident "db failover" severity:high\ny\n');
    await done;
    const page = await expectCommanderPaged(bot, 'U00SRE');
    expect(printed).toContain('Paging the incident commander needs a confirmation:');
    expect(printed).toContain(`confirm ${page.id}`);
    // The follow-up is shown before the prompt comes back, not after a prompt already drawn.
    expect(printed).not.toMatch(/U00SRE> \n+Paging the incident commander/);
    expect(printed).toMatch(/succeeded: Declared INC-\S+ "db failover" severity high, investigating, owner Sam Reliability\.\nPaging the incident commander/);
    // Names, not Slack mention syntax, in a terminal.
    expect(printed).not.toContain('<@');
  });

  it('from MCP: a declaration confirmed through the form pages the commander as the declarer', async () => {
    const bot = (opsbot = await testOpsbot());
    const workflows = startMcpWorkflows({ gateway: bot.gateway, kv: bot.kv, log: () => undefined });
    const session = await connectInMemory(bot.gateway, 'U00SRE', 'accept');
    try {
      const declared = await call(session.client, 'incident_declare', { title: 'db failover', severity: 'high' });
      expect(declared.envelope.status).toBe('succeeded');
      await workflows.idle();
      await expectCommanderPaged(bot, 'U00SRE');
    } finally {
      workflows.stop();
      await session.close();
    }
  });

  it('pages once when a declaration confirmed in another process is swept, and not again on the next sweep', async () => {
    const bot = (opsbot = await testOpsbot());
    const proposed = await bot.gateway.call({ tool: 'incident_declare', args: { title: 'db failover', severity: 'high' }, actor: 'U00SRE', origin: { frontEnd: 'mcp', session: 'elsewhere' } });
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    await bot.gateway.confirm(proposed.action.id, 'U00SRE', { frontEnd: 'cli' });
    const workflows = startMcpWorkflows({ gateway: bot.gateway, kv: bot.kv, log: () => undefined });
    try {
      await workflows.sweep();
      await workflows.sweep();
      await expectCommanderPaged(bot, 'U00SRE');
    } finally {
      workflows.stop();
    }
  });
});
