import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/backends/ports/alerts.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { missingMonitoring, type RunningServer, startAlertmanager } from '../../support/monitoring-servers.js';
import { testOpsbot } from '../../support/test-opsbot.js';

const missing = missingMonitoring();
const origin = { frontEnd: 'test' as const, conversationId: 'alertmanager-attribution' };

/** One service labelled by `job`, one by `app`, one by the default `service` label. */
const SERVICES = [
  demoConfig.services[0]!,
  { name: 'checkout', team: 'web', components: ['web'], alerts: { matchers: { job: 'checkout' } } },
  { name: 'billing', team: 'payments', components: ['api'], alerts: { matchers: { app: 'billing', tier: 'backend' } } },
] as ConfigInput['services'];

describe.skipIf(missing)(`alerts attributed by services[].alerts.matchers in a real Alertmanager${missing ? ` — ${missing}` : ''}`, () => {
  let alertmanager: RunningServer;
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;

  beforeAll(async () => {
    alertmanager = await startAlertmanager();
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const alerts = [
      { alertname: 'CheckoutSlow', job: 'checkout', instance: 'checkout-0:8080', environment: 'production', severity: 'warning' },
      { alertname: 'BillingErrors', app: 'billing', tier: 'backend', environment: 'production', severity: 'critical' },
      // The app label alone is not all of billing's matchers.
      { alertname: 'BillingFrontendErrors', app: 'billing', tier: 'web', environment: 'production', severity: 'warning' },
      { alertname: 'FrontendDown', service: 'frontend', environment: 'production', severity: 'critical' },
      { alertname: 'DiskFull', job: 'node', instance: 'node-1:9100', severity: 'warning' },
    ];
    const response = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts.map((labels) => ({ labels, annotations: { summary: labels.alertname }, startsAt, endsAt }))),
    });
    expect(response.status).toBe(200);
    opsbot = await testOpsbot({ overrides: { services: SERVICES, dashboards: [], backends: { alerts: { adapter: 'alertmanager', url: alertmanager.url } } as ConfigInput['backends'] } });
  }, 30_000);
  afterAll(async () => {
    await opsbot?.cleanup();
    await alertmanager?.cleanup();
  });

  const list = async (args: Record<string, unknown>) => {
    const outcome = await opsbot.gateway.call({ tool: 'alerts_list', args, actor: 'U00VIEWER', origin });
    expect(outcome.status).toBe('ok');
    return { text: outcome.text, alerts: (outcome as { data: { alerts: Alert[] } }).data.alerts };
  };

  it('names each alert by the service whose matchers it carries, and lists the unclaimed under "other"', async () => {
    const { text, alerts } = await list({});
    const serviceOf = Object.fromEntries(alerts.map((alert) => [alert.name, alert.service]));
    expect(serviceOf).toEqual({ CheckoutSlow: 'checkout', BillingErrors: 'billing', BillingFrontendErrors: '', FrontendDown: 'frontend', DiskFull: '' });
    const lines = text.split('\n');
    const other = lines.indexOf('  other (no service claims these):');
    expect(other).toBeGreaterThan(0);
    expect(lines.slice(other + 1).map((line) => line.trim().split(' ')[1]).sort()).toEqual(['BillingFrontendErrors', 'DiskFull']);
    expect(lines.slice(1, other).join('\n')).toMatch(/CheckoutSlow checkout \(production\)/);
  });

  it("asks Alertmanager for one service's alerts by its matchers", async () => {
    expect((await list({ service: 'checkout' })).alerts.map((alert) => alert.name)).toEqual(['CheckoutSlow']);
    expect((await list({ service: 'billing' })).alerts.map((alert) => alert.name)).toEqual(['BillingErrors']);
    expect((await list({ service: 'frontend' })).alerts.map((alert) => alert.name)).toEqual(['FrontendDown']);
  });
});
