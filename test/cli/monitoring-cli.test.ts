import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireSilence } from '../../src/backends/alertmanager/alertmanager-client.js';
import { demoConfig } from '../../src/config/demo-config.js';
import { FLEET, FLEET_READING, fleetOpenMetrics, liveFleetSpan } from '../support/fleet-openmetrics.js';
import { missingMonitoring, type RunningServer, startAlertmanager, startPrometheus } from '../support/monitoring-servers.js';
import { type CliSandbox, cliSandbox } from './cli-harness.js';

const missing = missingMonitoring();

// The built CLI reading a config file that points at a real Prometheus and Alertmanager, at its own (real) clock.
describe.skipIf(missing)(`opsbot ask against a real Prometheus and Alertmanager${missing ? ` — ${missing}` : ''}`, () => {
  let prometheus: RunningServer;
  let alertmanager: RunningServer;
  let sandbox: CliSandbox;

  beforeAll(async () => {
    [prometheus, alertmanager] = await Promise.all([startPrometheus(fleetOpenMetrics(FLEET, liveFleetSpan())), startAlertmanager()]);
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ labels: { alertname: 'HighErrorRate', service: 'api', environment: 'production', severity: 'critical' }, annotations: { summary: 'api 5xx above 5%' }, endsAt }]),
    });
    sandbox = cliSandbox();
    const backends = { metrics: { adapter: 'prometheus', url: prometheus.url, ...FLEET_READING }, alerts: { adapter: 'alertmanager', url: alertmanager.url } };
    writeFileSync(sandbox.configFile, stringify({ ...demoConfig, backends }));
  }, 30_000);
  afterAll(async () => {
    sandbox?.cleanup();
    await Promise.all([prometheus?.cleanup(), alertmanager?.cleanup()]);
  });

  it('answers "how\'s frontend load?" and "status api" from Prometheus', async () => {
    const load = await sandbox.run(['ask', "how's frontend load?", '--as', 'U00VIEWER']);
    expect(load.code).toBe(0);
    expect(load.stdout).toMatch(/requests\s+301 req\/s/);
    expect(load.stdout).toMatch(/cpu\s+30\.0 %/);
    const status = await sandbox.run(['ask', 'status api', '--as', 'U00VIEWER']);
    expect(status.stdout).toContain('api (production) DOWN');
    expect(status.stdout).toContain('gateway: DEGRADED — error rate above 5%: 1/1 up, errors 10.00%, p95 375 ms');
  });

  it('lists the alerts from Alertmanager and, once confirmed, silences one there', async () => {
    const alerts = await sandbox.run(['ask', 'alerts', '--as', 'U00VIEWER']);
    expect(alerts.stdout).toContain('[critical] HighErrorRate api (production) firing');
    const proposed = await sandbox.run(['ask', 'silence HighErrorRate for api 30m deploy in progress', '--as', 'U00SRE', '--json']);
    const { actions } = JSON.parse(proposed.stdout) as { actions: Array<{ id: string }> };
    expect(actions).toHaveLength(1);
    const confirmed = await sandbox.run(['confirm', actions[0]!.id, '--as', 'U00SRE']);
    expect(confirmed.code).toBe(0);
    const silences = (await fetch(`${alertmanager.url}/api/v2/silences`).then((response) => response.json())) as WireSilence[];
    expect(silences.filter((silence) => silence.status.state === 'active').map((silence) => silence.comment)).toEqual([`deploy in progress (opsbot action ${actions[0]!.id})`]);
  });
});
