import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { metrics, operationOf, timeBackendCall } from '../../src/observability/metrics.js';
import { startOpsServer, type OpsServer } from '../../src/observability/ops-server.js';

const promtool = spawnSync('promtool', ['--version']).status === 0;

describe('ops server', () => {
  let server: OpsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers /healthz, and /readyz with 503 and the reason while a check fails', async () => {
    let storeUp = false;
    server = await startOpsServer({ host: '127.0.0.1', port: 0, checks: [{ name: 'store', check: async () => (storeUp ? { ok: true } : { ok: false, reason: 'connection refused' }) }] });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const down = await fetch(`${server.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.text()).toContain('store: connection refused');
    storeUp = true;
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    server.drain();
    const draining = await fetch(`${server.url}/readyz`);
    expect(draining.status).toBe(503);
    expect(await draining.text()).toContain('shutting down');
    expect((await fetch(`${server.url}/nothing`)).status).toBe(404);
  });

  it('serves every opsbot metric in the Prometheus text format, with what was recorded', async () => {
    metrics.gatewayDecisions.inc({ tool: 'deploy', decision: 'confirm' });
    await timeBackendCall('prometheus', operationOf('/api/v1/query'), async () => undefined);
    await expect(timeBackendCall('pagerduty', 'GET oncalls', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    server = await startOpsServer({ host: '127.0.0.1', port: 0, checks: [] });
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    for (const name of Object.values(metrics).map((metric) => (metric as unknown as { name: string }).name)) expect(text).toContain(`# TYPE ${name} `);
    expect(text).toMatch(/opsbot_gateway_decisions_total\{tool="deploy",decision="confirm"\} [1-9]/);
    expect(text).toMatch(/opsbot_backend_call_duration_seconds_count\{adapter="prometheus",operation="query"\} [1-9]/);
    expect(text).toMatch(/opsbot_backend_call_errors_total\{adapter="pagerduty",operation="GET oncalls"\} [1-9]/);
    expect(text).toContain('process_cpu_seconds_total');
  });

  it.skipIf(!promtool)('passes promtool check metrics', async () => {
    metrics.slackAckSeconds.observe(0.002);
    metrics.webhookDeliveries.inc({ source: 'github', result: 'posted' });
    server = await startOpsServer({ host: '127.0.0.1', port: 0, checks: [] });
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const directory = mkdtempSync(join(tmpdir(), 'opsbot-metrics-'));
    try {
      writeFileSync(join(directory, 'metrics.txt'), text);
      // promtool reads the exposition on stdin and exits non-zero on any problem (names, units, help, types).
      const output = execFileSync('sh', ['-c', `promtool check metrics < ${join(directory, 'metrics.txt')} 2>&1; echo "exit $?"`]).toString();
      expect(output.trim().split('\n').filter((line) => line.includes('opsbot_'))).toEqual([]);
      expect(output.trim().endsWith('exit 0')).toBe(true);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('operationOf', () => {
  it('keeps the resource and drops API prefixes, versions and ids', () => {
    expect(operationOf('/api/v1/query_range')).toBe('query_range');
    expect(operationOf('/api/v2/silence/0b1f')).toBe('silence');
    expect(operationOf('/oncalls?limit=100')).toBe('oncalls');
  });
});
