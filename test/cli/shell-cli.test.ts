import { afterAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { type CliSandbox, cliSandbox, runCli } from './cli-harness.js';

describe('opsbot shell (spawned, stdin piped)', () => {
  const sandbox: CliSandbox = cliSandbox();
  afterAll(() => sandbox.cleanup());

  it('deploys to staging with y and switches identity with /as', async () => {
    const input = ['help', 'deploy frontend v2.4.0 to staging', 'y', 'status frontend staging', '/as U00VIEWER', 'status stalk frontend', ''].join('\n');
    const result = await sandbox.run(['shell', '--as', 'U00DEV'], input);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const out = result.stdout;
    expect(out).toMatch(/^opsbot shell · config: \S+opsbot\.yaml · storage: SQLite in \S+ · language model: off \(ANTHROPIC_API_KEY not set; offline command router\)\n/);
    expect(out).toContain('You are U00DEV (developer).');
    expect(out).toContain('U00DEV> ');
    expect(out).toContain('deploy SERVICE VERSION [to] ENVIRONMENT');
    expect(out).toMatch(/succeeded: Deployed frontend v2\.3\.2 → v2\.4\.0 in staging\./);
    expect(out).toMatch(/frontend \(staging\) [A-Z]+ · v2\.4\.0/);
    expect(out).toContain('U00VIEWER> ');
    expect(out).toMatch(/U00VIEWER> .*Watching frontend/s);
    expect(out.trimEnd().endsWith('bye')).toBe(true);
  });

  // All input arrives and ends while the deploy still runs: readline closes first, every line must still be handled.
  it('handles every piped line after end of input: the confirmed deploy runs, /as switches, and it exits 0', async () => {
    const own = cliSandbox();
    const result = await own.run(['shell', '--as', 'U00DEV'], 'deploy frontend v2.4.0 to staging\ny\n/as U00LEAD\nstatus frontend\n').finally(() => own.cleanup());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/succeeded: Deployed frontend v2\.3\.2 → v2\.4\.0 in staging\./);
    expect(out).toContain('You are U00LEAD (lead');
    expect(out).toMatch(/U00LEAD> [^\n]*frontend/);
    expect(out.indexOf('U00LEAD> ')).toBeGreaterThan(out.indexOf('succeeded: Deployed frontend'));
    expect(out.trimEnd().endsWith('bye')).toBe(true);
  });

  it('starts as the least privileged user when no identity is given, and says so', async () => {
    const result = await sandbox.run(['shell', '--offline'], 'deploy frontend v2.4.1 to staging\n');
    expect(result.stdout).toContain('language model: off (--offline; offline command router)');
    expect(result.stdout).toMatch(/Acting as U00VIEWER, the least privileged configured user/);
    expect(result.stdout).toMatch(/Refused: U00VIEWER lacks deploy:staging/);
  });

  it('with only SLACK_BOT_TOKEN set, an incident declared here gets its Slack channel and briefing, and the page names it', async () => {
    const slack = await new FakeSlackApi().start();
    const own = cliSandbox();
    try {
      const env = { ...own.env, SLACK_BOT_TOKEN: 'xoxb-shell-outbound-token', SLACK_API_URL: slack.apiUrl };
      const result = await runCli(['shell', '--as', 'U00SRE'], env, 'declare incident "db failover" severity:high\ny\n', own.dataDir.replace(/\/data$/, ''));
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Paging the incident commander needs a confirmation:');
      expect(slack.createdChannels.map((channel) => channel.name)).toEqual([expect.stringMatching(/^inc-.*db-failover$/)]);
      const room = slack.createdChannels[0]!;
      expect([...slack.messages.values()].filter((message) => message.channel === room.id && message.text.startsWith(':clipboard: *Briefing'))).toHaveLength(1);
      expect(slack.callsOf('pins.add')).toHaveLength(1);
      // The token reaches no output.
      expect(result.stdout + result.stderr).not.toContain('xoxb-shell-outbound-token');
    } finally {
      own.cleanup();
      await slack.close();
    }
  });
});
