import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/app/doctor/run-doctor.js';
import { formatReport } from '../../../src/app/doctor/doctor-report.js';
import { validateConfig } from '../../../src/app/validate-config.js';
import { BOT_SCOPES } from '../../../src/bot/slack/manifest.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { FakeSlackApi } from '../../support/fake-slack-api.js';

const TOKEN = 'xoxb-doctor-0123456789-secret';
const config = validateConfig({
  ...demoConfig,
  notifications: { routes: [{ match: { team: 'web' }, channel: 'C0WEBALERTS' }, { match: { severity: 'critical' }, channel: 'C0CRITICAL' }], defaultChannel: 'C0OPS' },
});

describe('opsbot doctor: Slack, against the loopback Web API', () => {
  let fake: FakeSlackApi | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  async function doctorWith(options: ConstructorParameters<typeof FakeSlackApi>[0]) {
    fake = new FakeSlackApi(options);
    await fake.start();
    return runDoctor({ config, env: { SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: fake.apiUrl } });
  }

  it('names the scopes opsbot needs that the token lacks, and the routed channels the bot is not in', async () => {
    const report = await doctorWith({ scopes: [...BOT_SCOPES.filter((scope) => scope !== 'files:write' && scope !== 'usergroups:read'), 'channels:read'], notInChannel: ['C0CRITICAL'] });
    const slack = report.checks.find((check) => check.system === 'slack')!;
    expect(report.usable).toBe(false);
    expect(slack.status).toBe('problem');
    expect(slack.found).toContain('missing scopes opsbot needs: usergroups:read, files:write');
    expect(slack.found).toContain('not a member of C0CRITICAL: cards routed there cannot be posted');
    expect(slack.suggestions).toEqual(['add the bot scopes usergroups:read, files:write (opsbot manifest lists them) and reinstall the app', '/invite @opsbot in C0CRITICAL']);
    // Every routed channel was asked about, with the token the fake saw; the token is in no line of the report.
    expect(fake!.callsOf('conversations.info').map((call) => call.args.channel)).toEqual(['C0WEBALERTS', 'C0CRITICAL', 'C0OPS']);
    expect(fake!.callsOf('auth.test')[0]!.token).toBe(TOKEN);
    expect(JSON.stringify(report) + formatReport(report)).not.toContain(TOKEN);
  });

  it('is usable with every scope and every channel joined', async () => {
    const report = await doctorWith({ scopes: [...BOT_SCOPES, 'channels:read'] });
    expect(report.checks.find((check) => check.system === 'slack')).toMatchObject({ status: 'ok', suggestions: [] });
    expect(report.usable).toBe(true);
  });

  it('says when membership cannot be read, and when the token is refused', async () => {
    const noRead = await doctorWith({ scopes: [...BOT_SCOPES] });
    expect(noRead.checks.find((check) => check.system === 'slack')!.found).toContain('cannot tell whether the bot is in C0OPS (needs channels:read or groups:read)');
    await fake!.close();
    fake = new FakeSlackApi();
    await fake.start();
    fake.fail('auth.test', 'invalid_auth');
    const refused = await runDoctor({ config, env: { SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: fake.apiUrl } });
    expect(refused.checks.find((check) => check.system === 'slack')).toMatchObject({ status: 'problem', found: ['auth.test refused the token (invalid_auth)'] });
    expect(refused.usable).toBe(false);
  });
});
