import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { AlertmanagerAlerts } from '../../../src/backends/alertmanager/alertmanager-alerts.js';
import type { WireSilence } from '../../../src/backends/alertmanager/alertmanager-client.js';
import { type AlertmanagerConfig, alertsBackendSchema } from '../../../src/config/monitoring-schema.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { alertsContract } from '../contracts/alerts-contract.js';
import { freePort, missingMonitoring, type RunningServer, startAlertmanager } from '../../support/monitoring-servers.js';
import { testOpsbot } from '../../support/test-opsbot.js';

const missing = missingMonitoring();
const origin = { frontEnd: 'test' as const, conversationId: 'alertmanager-test' };
let alertmanager: RunningServer;

/** Alerts as Prometheus posts them (`POST /api/v2/alerts`), firing for the next hour. */
async function postAlerts(alerts: Array<{ labels: Record<string, string>; annotations?: Record<string, string> }>): Promise<void> {
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const endsAt = new Date(Date.now() + 3_600_000).toISOString();
  const response = await fetch(`${alertmanager.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts.map((alert) => ({ annotations: {}, ...alert, startsAt, endsAt }))),
  });
  expect(response.status).toBe(200);
}

async function silencesInAlertmanager(): Promise<WireSilence[]> {
  return (await fetch(`${alertmanager.url}/api/v2/silences`).then((response) => response.json())) as WireSilence[];
}

describe.skipIf(missing)(`Alertmanager adapter against a real Alertmanager${missing ? ` — ${missing}` : ''}`, () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  let router: CommandRouter;

  beforeAll(async () => {
    alertmanager = await startAlertmanager();
    await postAlerts([
      { labels: { alertname: 'HighErrorRate', service: 'api', environment: 'production', severity: 'critical' }, annotations: { summary: 'api 5xx above 5%', runbook_url: 'https://runbooks.example.com/high-error-rate' } },
      { labels: { alertname: 'HighLatency', service: 'frontend', environment: 'production', severity: 'warning' }, annotations: { summary: 'p95 above 1 s' } },
      { labels: { alertname: 'ContractAlert', service: 'auth', environment: 'staging', severity: 'info' }, annotations: { summary: 'for the port contract' } },
      { labels: { alertname: 'DiskFull', service: 'payments', environment: 'staging', severity: 'warning' }, annotations: { summary: 'disk 95% full', runbook_url: 'https://wiki.example.com/disk-full' } },
    ]);
    opsbot = await testOpsbot({ overrides: { backends: { alerts: { adapter: 'alertmanager', url: alertmanager.url } } as ConfigInput['backends'] } });
    router = new CommandRouter(opsbot.gateway, opsbot.config);
  }, 30_000);
  afterAll(async () => {
    await opsbot?.cleanup();
    await alertmanager?.cleanup();
  });

  describe('the alerts port contract', () => {
    let port: AlertmanagerAlerts;
    beforeAll(() => {
      port = new AlertmanagerAlerts({ config: alertsBackendSchema.parse({ adapter: 'alertmanager', url: alertmanager.url }) as AlertmanagerConfig });
    });
    alertsContract(() => ({ alerts: port, firing: { name: 'ContractAlert', service: 'auth', environment: 'staging' } }));
  });

  it('lists the alerts posted to Alertmanager: name, service, environment, severity, summary and runbook_url', async () => {
    const reply = await router.respond({ text: 'alerts production', actor: 'U00VIEWER', origin });
    const lines = reply.text.split('\n');
    expect(lines[0]).toBe('2 alert(s) for production:');
    expect(lines[1]).toMatch(/^ {2}\[critical\] HighErrorRate api \(production\) firing since \S+ — api 5xx above 5% \(runbook https:\/\/runbooks\.example\.com\/high-error-rate\)$/);
    expect(lines[2]).toMatch(/^ {2}\[warning\] HighLatency frontend \(production\) firing since \S+ — p95 above 1 s$/);
  });

  it("answers a runbook question with the alert's runbook_url where no runbook covers it", async () => {
    const reply = await router.respond({ text: 'runbook DiskFull', actor: 'U00VIEWER', origin });
    expect(reply.text).toBe("Runbook for DiskFull: https://wiki.example.com/disk-full (from the alert's runbook_url)");
  });

  it('refuses a silence of an unknown alert before anyone is asked to confirm', async () => {
    const before = (await silencesInAlertmanager()).length;
    const reply = await router.respond({ text: 'silence HighErrrorRate api 30m typo in the name', actor: 'U00SRE', origin });
    expect(reply.actions).toEqual([]);
    expect(reply.text).toContain('Unknown alert "HighErrrorRate"');
    expect((await silencesInAlertmanager()).length).toBe(before);
  });

  it('a confirmed silence appears in Alertmanager with the right matchers, person and action id; alert_unsilence expires it', async () => {
    const proposed = await router.respond({ text: 'silence HighErrorRate for api 30m deploy in progress', actor: 'U00SRE', origin });
    expect(proposed.actions).toHaveLength(1);
    const action = proposed.actions[0]!;
    expect(action.preview).toEqual({ matchers: 'alertname=HighErrorRate, service=api', covers: '1 firing alert now' });
    // Nothing is silenced until a person confirms.
    expect((await silencesInAlertmanager()).filter((silence) => silence.status.state === 'active')).toEqual([]);

    const confirmed = await opsbot.gateway.confirm(action.id, 'U00SRE', origin);
    expect(confirmed.status).toBe('executed');
    const active = (await silencesInAlertmanager()).filter((silence) => silence.status.state === 'active');
    expect(active).toHaveLength(1);
    const silence = active[0]!;
    expect(silence.matchers).toEqual([
      { name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true },
      { name: 'service', value: 'api', isRegex: false, isEqual: true },
    ]);
    expect(silence.createdBy).toBe('Sam Reliability (U00SRE)');
    expect(silence.comment).toBe(`deploy in progress (opsbot action ${action.id})`);
    expect(Date.parse(silence.endsAt) - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(Date.parse(silence.endsAt) - Date.now()).toBeLessThanOrEqual(30 * 60_000);

    const firing = await router.respond({ text: 'alerts api', actor: 'U00VIEWER', origin });
    expect(firing.text).toBe('No alerts firing for api.');
    const all = await router.respond({ text: 'alerts api all', actor: 'U00VIEWER', origin });
    expect(all.text).toContain(`HighErrorRate api (production) silenced until ${silence.endsAt}`);

    const lift = await router.respond({ text: 'unsilence HighErrorRate api', actor: 'U00SRE', origin });
    expect(lift.actions).toHaveLength(1);
    expect(lift.actions[0]!.preview).toMatchObject({ silences: silence.id });
    expect((await opsbot.gateway.confirm(lift.actions[0]!.id, 'U00SRE', origin)).status).toBe('executed');
    const after = (await silencesInAlertmanager()).find((entry) => entry.id === silence.id)!;
    expect(after.status.state).toBe('expired');
    expect((await router.respond({ text: 'alerts api', actor: 'U00VIEWER', origin })).text).toContain('[critical] HighErrorRate api (production) firing');
  });

  it('expires a silence by its id', async () => {
    const created = await opsbot.backends.alerts.silence({ alertName: 'HighLatency', service: 'frontend', environment: 'production', durationMinutes: 60, comment: 'maintenance', createdBy: 'U00SRE' });
    const outcome = await opsbot.gateway.call({ tool: 'alert_unsilence', args: { silence_id: created.id }, actor: 'U00SRE', origin });
    expect(outcome.status).toBe('pending');
    const done = await opsbot.gateway.confirm((outcome as { action: { id: string } }).action.id, 'U00SRE', origin);
    expect(done.text).toMatch(new RegExp(`^Expired 1 silence\\(s\\): ${created.id} \\(HighLatency frontend production, ended `));
    expect((await silencesInAlertmanager()).find((entry) => entry.id === created.id)!.status.state).toBe('expired');
  });

  it('an unreachable Alertmanager is a readable answer, not a crash', async () => {
    const port = await freePort();
    const offline = await testOpsbot({ overrides: { backends: { alerts: { adapter: 'alertmanager', url: `http://127.0.0.1:${port}` } } as ConfigInput['backends'] } });
    try {
      const outcome = await offline.gateway.call({ tool: 'alerts_list', args: {}, actor: 'U00VIEWER', origin });
      expect(outcome.status).toBe('error');
      expect(outcome.text).toBe(`Alertmanager at http://127.0.0.1:${port} is unreachable (ECONNREFUSED)`);
    } finally {
      await offline.cleanup();
    }
  });
});
