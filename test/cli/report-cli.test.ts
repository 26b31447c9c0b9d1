import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { demoConfig } from '../../src/config/demo-config.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { type CliSandbox, cliSandbox, runCli } from './cli-harness.js';

/** `opsbot report run NAME [--print]`, `opsbot report list` and `opsbot usage [--since] [--json]`, from the built CLI. */
describe('opsbot report and usage', () => {
  const sandbox: CliSandbox = cliSandbox();
  writeFileSync(sandbox.configFile, stringify({ ...demoConfig, reports: [{ name: 'weekly-ops', schedule: '0 9 * * MON', timezone: 'Europe/Berlin', channel: 'C0OPS', sections: ['status', 'deploys', 'incidents', 'alerts', 'oncall', 'usage'] }, { name: 'teams-ops', schedule: '0 9 * * MON', timezone: 'UTC', channel: 'teams:19:ops@thread.tacv2', sections: ['status'] }] }));
  afterAll(() => sandbox.cleanup());

  it('prints a report with every section, lists reports, and posts to the channel through Slack without --print', async () => {
    const printed = await sandbox.run(['report', 'run', 'weekly-ops', '--print', '--as', 'U00LEAD']);
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    for (const section of ['*Status*', '*Deploys*', '*Incidents*', '*Alerts*', '*On call*', '*Usage*']) expect(printed.stdout).toContain(section);
    expect(printed.stdout).toContain('frontend (production):');

    const listed = await sandbox.run(['report', 'list', '--as', 'U00LEAD']);
    expect(listed.stdout).toMatch(/weekly-ops: '0 9 \* \* MON' Europe\/Berlin → C0OPS \[status, deploys, incidents, alerts, oncall, usage\], next \d{4}-\d\d-\d\dT0[78]:00:00.000Z/);

    const slack = await new FakeSlackApi().start();
    try {
      const posted = await sandbox.run(['report', 'run', 'weekly-ops', '--as', 'U00LEAD']);
      expect(posted.code).not.toBe(0);
      expect(posted.stderr).toMatch(/SLACK_BOT_TOKEN|--print/);
      const env = { ...sandbox.env, SLACK_BOT_TOKEN: 'xoxb-cli-test', SLACK_API_URL: slack.apiUrl };
      const sent = await runCli(['report', 'run', 'weekly-ops', '--as', 'U00LEAD'], env);
      expect(sent.code).toBe(0);
      expect(slack.callsOf('chat.postMessage')).toEqual([expect.objectContaining({ args: expect.objectContaining({ channel: 'C0OPS', text: expect.stringContaining('*Report weekly-ops*') }) })]);
      // Sent through the outbox like a scheduled report: its chart follows as one PNG in the post's thread.
      const post = [...slack.messages.values()].find((message) => message.channel === 'C0OPS' && !message.threadTs)!;
      const files = slack.threadFiles('C0OPS', post.ts);
      expect(files).toHaveLength(1);
      expect(files[0]!.filename).toMatch(/\.png$/);
      const deliveries = await runCli(['deliveries', '--state', 'pending'], sandbox.env);
      expect(deliveries.stdout).not.toContain('weekly-ops');
    } finally {
      await slack.close();
    }
  });

  it('queues a report for another platform in the outbox, where the running opsbot sends it', async () => {
    const queued = await sandbox.run(['report', 'run', 'teams-ops', '--as', 'U00LEAD']);
    expect(queued.stderr).toBe('');
    expect(queued.code).toBe(0);
    expect(queued.stdout).toContain('Queued report teams-ops for teams:19:ops@thread.tacv2');
    const deliveries = await sandbox.run(['deliveries', '--state', 'pending']);
    expect(deliveries.stdout).toContain('teams:19:ops@thread.tacv2');
  });

  it('counts usage from the audit log, as text and JSON', async () => {
    await sandbox.run(['ask', 'deploy frontend v2.4.0 to production', '--as', 'U00DEV']);
    const json = await sandbox.run(['usage', '--since', '1d', '--json']);
    expect(json.code).toBe(0);
    const usage = JSON.parse(json.stdout) as { people: Array<{ actor: string; calls: number }>; denied: Array<{ tool: string; permission: string; count: number }> };
    expect(usage.denied).toEqual([{ tool: 'deploy', permission: 'deploy:production', count: 1 }]);
    expect(usage.people.find((person) => person.actor === 'U00DEV')?.calls).toBe(1);
    const text = await sandbox.run(['usage']);
    expect(text.stdout).toContain('deploy (deploy:production): 1');
    expect((await sandbox.run(['usage', '--since', 'yesterday'])).code).toBe(2);
  });
});
