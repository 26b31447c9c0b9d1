import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { runShell } from '../../../src/bot/shell/run-shell.js';
import { testOpsbot } from '../../support/test-opsbot.js';
import { HandSetMetrics } from '../../support/hand-set-metrics.js';

type TestOpsbot = Awaited<ReturnType<typeof testOpsbot>>;

/** Types the lines into a shell as `actor` (stdin is not a terminal) and returns everything it printed. */
async function typeInto(opsbot: TestOpsbot, actor: string, lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const done = runShell({ opsbot, responder: new CommandRouter(opsbot.gateway, opsbot.config), actor, input, output, banner: ['opsbot shell (test)'] });
  input.end(lines.map((line) => `${line}\n`).join(''));
  await done;
  return printed;
}

describe('shell scenario', () => {
  let opsbot: TestOpsbot | undefined;
  afterEach(async () => opsbot?.cleanup());

  it('a developer deploys to staging with y, the status shows it, and /as changes who is typing', async () => {
    opsbot = await testOpsbot();
    const printed = await typeInto(opsbot, 'U00DEV', ['help', 'deploy frontend v2.4.0 to staging', 'y', 'status frontend staging', '/as U00VIEWER', 'help', 'deploy frontend v2.4.1 to staging']);
    const [beforeSwitch = '', afterSwitch = ''] = printed.split('You are U00VIEWER (viewer).');

    expect(beforeSwitch).toMatch(/^opsbot shell \(test\)\nYou are U00DEV \(developer\)\./);
    expect(beforeSwitch).toContain('U00DEV> ');
    expect(beforeSwitch).toContain('deploy SERVICE VERSION [to] ENVIRONMENT');
    expect(beforeSwitch).toMatch(/Needs confirmation: deploy frontend v2\.4\.0 to staging\n {2}current v2\.3\.2 → proposed v2\.4\.0/);
    expect(beforeSwitch).toMatch(/\[confirm act_[0-9a-f]+ \| reject act_[0-9a-f]+\]/);
    expect(beforeSwitch).toMatch(/act_[0-9a-f]+ running: deploy frontend v2\.4\.0 to staging/);
    expect(beforeSwitch).toMatch(/act_[0-9a-f]+ succeeded: Deployed frontend v2\.3\.2 → v2\.4\.0 in staging\./);
    expect(beforeSwitch).toMatch(/frontend \(staging\) [A-Z]+ · v2\.4\.0/);

    expect(afterSwitch).toContain('U00VIEWER> ');
    expect(afterSwitch).not.toContain('U00DEV> ');
    expect(afterSwitch).toContain('Commands you (U00VIEWER) may run:');
    expect(afterSwitch).not.toContain('deploy SERVICE VERSION [to] ENVIRONMENT');
    expect(afterSwitch).toMatch(/Refused: U00VIEWER lacks deploy:staging/);
  });

  it('keeps the card when an approver is refused, so another lead can confirm it after /as', async () => {
    opsbot = await testOpsbot();
    const printed = await typeInto(opsbot, 'U00LEAD', ['deploy auth v3.3.0 to production', 'y', '/as U00LEAD2', 'y']);
    expect(printed).toMatch(/You cannot approve act_[0-9a-f]+: U00LEAD requested this action/);
    expect(printed).toMatch(/succeeded: Deployed auth v3\.2\.0 → v3\.3\.0 in production\./);
    const [action] = await opsbot.gateway.listActions(1);
    expect(action).toMatchObject({ state: 'succeeded', requester: 'U00LEAD', decidedBy: 'U00LEAD2' });
  });

  it('says so when y has no card to act on', async () => {
    opsbot = await testOpsbot();
    expect(await typeInto(opsbot, 'U00DEV', ['y'])).toContain('Nothing to confirm: no card shown yet.');
  });

  it('prints a change of a stalked service between commands', async () => {
    const metrics = new HandSetMetrics();
    opsbot = await testOpsbot({ backends: { metrics } });
    const watches = opsbot.backends.watches;
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const done = runShell({ opsbot, responder: new CommandRouter(opsbot.gateway, opsbot.config), actor: 'U00DEV', input, output, watchIntervalMs: 25 });
    input.write('status stalk frontend\n');
    await until(async () => (await watches.list())[0]?.lastStatus === 'NORMAL');
    metrics.health = 'DOWN';
    await until(async () => printed.includes('[stalk] frontend: NORMAL → DOWN (watched by Dana Developer)'));
    input.end();
    await done;
    expect(printed).toContain('Watching frontend');
  });
});

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met within 2 s');
}
