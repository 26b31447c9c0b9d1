import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/app/doctor/doctor-report.js';
import { demoConfig } from '../../src/config/demo-config.js';
import { type DayOneTarget, dayOneOpenMetrics, micrometerServer, otelServer } from '../support/day-one-openmetrics.js';
import { liveFleetSpan } from '../support/fleet-openmetrics.js';
import { missingMonitoring, type RunningServer, startAlertmanager, startPrometheus } from '../support/monitoring-servers.js';
import { type CliSandbox, cliSandbox } from './cli-harness.js';

const missing = missingMonitoring();
const TOKEN = 'prom-doctor-secret-0123456789';

// Series labelled by job only: the config's default `{service="NAME"}` finds none of them.
const TARGETS: DayOneTarget[] = [
  { job: 'checkout', instance: 'checkout-0:8080', up: 1, cpu: 0.1, counters: otelServer(20, 0) },
  { job: 'billing', instance: 'billing-0:8080', up: 1, cpu: 0.2, counters: micrometerServer(30, 1) },
];
const SERVICES = [
  { name: 'checkout', team: 'web', components: ['web'] },
  { name: 'billing', team: 'payments', components: ['api'] },
];

// The built CLI, as a newcomer runs it first: `opsbot doctor` against a real Prometheus and Alertmanager.
describe.skipIf(missing)(`opsbot doctor against a real Prometheus and Alertmanager${missing ? ` — ${missing}` : ''}`, () => {
  let prometheus: RunningServer;
  let alertmanager: RunningServer;
  let sandbox: CliSandbox;

  const configure = (services: unknown[], metrics: Record<string, unknown> = {}) => {
    const backends = { metrics: { adapter: 'prometheus', url: prometheus.url, token: 'env:PROM_TOKEN', ...metrics }, alerts: { adapter: 'alertmanager', url: alertmanager.url } };
    writeFileSync(sandbox.configFile, stringify({ ...demoConfig, services, dashboards: [], backends }));
  };
  const doctor = async (...args: string[]) => sandbox.run(['doctor', ...args]);

  beforeAll(async () => {
    [prometheus, alertmanager] = await Promise.all([startPrometheus(dayOneOpenMetrics(TARGETS, liveFleetSpan())), startAlertmanager()]);
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ labels: { alertname: 'NodeDiskFull', job: 'node', severity: 'warning' }, annotations: {}, endsAt }]),
    });
    sandbox = cliSandbox();
    sandbox.env.PROM_TOKEN = TOKEN;
  }, 30_000);
  afterAll(async () => {
    sandbox?.cleanup();
    await Promise.all([prometheus?.cleanup(), alertmanager?.cleanup()]);
  });

  it('names the missing series, the label that would match and the config to write, and exits 1', async () => {
    configure(SERVICES);
    const result = await doctor();
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\[ok\] prometheus: http:\/\/127\.0\.0\.1:\d+\n {4}reachable, Prometheus 2\./);
    expect(result.stdout).toContain('[PROBLEM] prometheus: checkout in production ({service="checkout"})');
    expect(result.stdout).toContain('    up: up{service="checkout"} → 0 series');
    // up, CPU, the request counter and six buckets: nine series, labelled only by instance and job (and their own).
    expect(result.stdout).toContain('    9 series carry job="checkout" (labels on them: http_response_status_code, instance, job, le)');
    expect(result.stdout).toContain(`    change: services[checkout].metrics.selector: '{job="checkout"}'`);
    // Billing is Spring: the doctor reads its series' names and says so.
    expect(result.stdout).toContain(`    change: services[billing].metrics.selector: '{job="billing"}'`);
    expect(result.stdout).toContain('    change: services[billing].metrics.conventions: micrometer');
    expect(result.stdout).not.toContain('services[checkout].metrics.conventions');
    // The alert no service claims, and never the token.
    expect(result.stdout).toContain('1 firing alert(s) no service claims: NodeDiskFull');
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
    expect(result.stderr).toContain('doctor found 4 problem(s)');
  });

  it('exits 0 once its suggestions are applied, with every figure found and --json for scripts', async () => {
    configure([
      { ...SERVICES[0], metrics: { selector: '{job="checkout"}' } },
      { ...SERVICES[1], metrics: { selector: '{job="billing"}', conventions: 'micrometer' } },
    ]);
    const result = await doctor();
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('[ok] prometheus: checkout in production ({job="checkout"})');
    expect(result.stdout).toContain('    errorRate: 100 * (sum(rate(http_server_requests_seconds_count{job="billing",status=~"5.."}[5m])) or vector(0)) / sum(rate(http_server_requests_seconds_count{job="billing"}[5m])) → 1 series');
    expect(result.stdout).toContain('All configured systems are usable.');
    const json = await doctor('--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as DoctorReport;
    expect(report.usable).toBe(true);
    expect(report.checks.filter((check) => check.system === 'prometheus' && check.subject.startsWith('billing'))).toHaveLength(2);
    expect(report.checks.find((check) => check.subject === 'backends')!.found).toContain('not configured (their tools are not offered): releases, runbooks, oncall, paging, incidents, deploys, workloads');
  });

  it('names an unset token variable, never a value, and a Prometheus that does not answer, within its timeout', async () => {
    configure(SERVICES, { url: 'http://127.0.0.1:9', timeoutSeconds: 1 });
    const unreachable = await doctor('--json');
    expect(unreachable.code).toBe(1);
    const report = JSON.parse(unreachable.stdout) as DoctorReport;
    expect(report.checks.find((check) => check.system === 'prometheus')).toMatchObject({ status: 'problem', found: [expect.stringMatching(/^Prometheus at http:\/\/127\.0\.0\.1:9 is unreachable/)] });
    configure(SERVICES);
    delete sandbox.env.PROM_TOKEN;
    try {
      const unset = await doctor();
      expect(unset.code).toBe(1);
      expect(unset.stdout).toContain('backends.metrics.token names PROM_TOKEN, which is not set in the environment');
    } finally {
      sandbox.env.PROM_TOKEN = TOKEN;
    }
  });
});
