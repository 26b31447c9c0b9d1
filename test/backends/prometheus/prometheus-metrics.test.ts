import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import type { ServiceStatus } from '../../../src/backends/ports/metrics.js';
import { PrometheusMetrics } from '../../../src/backends/prometheus/prometheus-metrics.js';
import { metricsBackendSchema, type PrometheusConfig } from '../../../src/config/monitoring-schema.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { metricsContract } from '../contracts/metrics-contract.js';
import { FAST_P95_MS, FLEET, FLEET_READING, fleetOpenMetrics, fleetSpan } from '../../support/fleet-openmetrics.js';
import { missingMonitoring, type RunningServer, startPrometheus } from '../../support/monitoring-servers.js';
import { testOpsbot } from '../../support/test-opsbot.js';

const missing = missingMonitoring();
const span = fleetSpan();
const now = () => span.clock;
const origin = { frontEnd: 'test' as const, conversationId: 'prometheus-test' };
let prometheus: RunningServer;

/** The Prometheus adapter itself, with any backends.metrics settings on top of the URL. */
function adapter(settings: Record<string, unknown> = {}): PrometheusMetrics {
  const config = metricsBackendSchema.parse({ adapter: 'prometheus', url: prometheus.url, ...FLEET_READING, ...settings }) as PrometheusConfig;
  return new PrometheusMetrics({ config, services: demoConfig.services.map((service) => ({ description: '', ...service })), now });
}

/** A whole opsbot (config, gateway, tools) reading metrics from the test Prometheus. */
async function opsbotWith(metrics: Record<string, unknown> = {}) {
  const backends = { metrics: { adapter: 'prometheus', url: prometheus.url, ...FLEET_READING, ...metrics }, deploys: { adapter: 'demo' } } as ConfigInput['backends'];
  return testOpsbot({ overrides: { backends }, now });
}

describe.skipIf(missing)(`Prometheus adapter against a real Prometheus${missing ? ` — ${missing}` : ''}`, () => {
  let opsbot: Awaited<ReturnType<typeof opsbotWith>>;

  beforeAll(async () => {
    prometheus = await startPrometheus(fleetOpenMetrics(FLEET, span));
    opsbot = await opsbotWith();
  }, 30_000);
  afterAll(async () => {
    await opsbot?.cleanup();
    await prometheus?.cleanup();
  });

  async function read(tool: string, args: Record<string, unknown>) {
    return opsbot.gateway.call({ tool, args, actor: 'U00VIEWER', origin });
  }

  describe('the metrics port contract', () => {
    let port: PrometheusMetrics;
    beforeAll(() => {
      port = adapter();
    });
    metricsContract(() => ({ metrics: port, services: opsbot.config.services, now, service: 'frontend', environment: 'production' }));
  });

  it('reports the known figures of a service, now and over the range (service_metrics)', async () => {
    const outcome = await read('service_metrics', { service: 'frontend', range: '1h' });
    expect(outcome.status).toBe('ok');
    const data = (outcome as { data: { snapshot: Record<string, number | string>; series: Array<{ metric: string; points: Array<[number, number]> }> } }).data;
    // web 2 × (50 + 0.5) + cdn 200 req/s; 1 error/s of 301; both components p95 375 ms; cpu avg of 0.2, 0.4, 0.3 s/s.
    expect(data.snapshot.requestsPerSecond).toBeCloseTo(301, 9);
    expect(data.snapshot.errorRatePercent).toBeCloseTo(100 / 301, 9);
    expect(data.snapshot.latencyP95Ms).toBeCloseTo(FAST_P95_MS, 9);
    expect(data.snapshot.cpuPercent).toBeCloseTo(30, 9);
    expect(data.snapshot.at).toBe(span.clock.toISOString());
    const requests = data.series.find((entry) => entry.metric === 'requests')!;
    expect(requests.points.length).toBeGreaterThan(20);
    // Exact wherever the 5 m window lies inside the data; the hour asked reaches back to its first minutes.
    const whole = requests.points.filter(([at]) => at - 300 >= span.start);
    expect(whole.length).toBeGreaterThan(20);
    for (const [, value] of whole) expect(value).toBeCloseTo(301, 6);
    expect(requests.points.at(-1)![0]).toBe(span.clock.getTime() / 1000);
    expect(outcome.text).toMatch(/requests\s+301 req\/s/);
    expect(outcome.text).toMatch(/p95 latency\s+375 ms/);
  });

  it('rates each component: NORMAL, DEGRADED by errors, latency or a critical alert, DOWN, and UNKNOWN without data', async () => {
    const statuses = new Map<string, ServiceStatus>();
    for (const service of ['frontend', 'api', 'auth', 'payments']) statuses.set(service, await adapter().status(service, 'production'));
    const component = (service: string, name: string) => statuses.get(service)!.components.find((entry) => entry.name === name)!;

    expect(component('frontend', 'web')).toEqual({ name: 'web', status: 'NORMAL', detail: '2/2 up, errors 0.99%, p95 375 ms' });
    expect(component('frontend', 'cdn')).toEqual({ name: 'cdn', status: 'NORMAL', detail: '1/1 up, errors 0.00%, p95 375 ms' });
    expect(statuses.get('frontend')!.overall).toBe('NORMAL');

    expect(component('api', 'gateway')).toEqual({ name: 'gateway', status: 'DEGRADED', detail: 'error rate above 5%: 1/1 up, errors 10.00%, p95 375 ms' });
    expect(component('api', 'workers').status).toBe('NORMAL');
    expect(component('api', 'database')).toEqual({ name: 'database', status: 'DOWN', detail: 'all 2 targets down; 0/2 up, errors n/a (no requests in the last 5m), p95 n/a' });
    expect(statuses.get('api')!.overall).toBe('DOWN');

    expect(component('auth', 'login')).toEqual({ name: 'login', status: 'DEGRADED', detail: 'critical alert LoginFailures firing: 1/1 up, errors 0.00%, p95 375 ms' });
    expect(component('auth', 'sessions')).toEqual({ name: 'sessions', status: 'DEGRADED', detail: 'p95 above 1000 ms: 1/1 up, errors 0.00%, p95 2313 ms' });

    expect(statuses.get('payments')!.overall).toBe('UNKNOWN');
    expect(component('payments', 'ledger').detail).toMatch(/^no data/);
  });

  it('takes the thresholds from backends.metrics.thresholds', async () => {
    const lenient = adapter({ thresholds: { errorRatePercent: 20, latencyP95Ms: 3000 } });
    expect((await lenient.status('api', 'production')).components.find((entry) => entry.name === 'gateway')!.status).toBe('NORMAL');
    expect((await lenient.status('auth', 'production')).components.find((entry) => entry.name === 'sessions')!.status).toBe('NORMAL');
  });

  it('uses an overridden query with its placeholders filled', async () => {
    const okOnly = adapter({ queries: { requests: 'sum(rate(http_requests_total{$selector,code="200"}[$window]))' }, window: '2m' });
    expect((await okOnly.snapshot('frontend', 'production')).requestsPerSecond).toBeCloseTo(300, 9);
  });

  it('!status gives the verdict first: what is not NORMAL, and what could not be determined and why', async () => {
    const router = new CommandRouter(opsbot.gateway, opsbot.config);
    const reply = await router.respond({ text: '!status', actor: 'U00VIEWER', origin });
    const lines = reply.text.split('\n');
    // The verdict first, then each service; only what is not NORMAL has its components spelled out.
    expect(lines[0]).toBe('Not NORMAL in production: api DOWN, auth DEGRADED; could not be determined: payments (no data: nothing matches {service="payments",component="checkout",environment="production"} (`up{service="payments",component="checkout",environment="production"}` and `sum(rate(http_requests_total{service="payments",component="checkout",environment="production"}[5m]))` returned no series)); 1 of 4 services NORMAL.');
    expect(lines[1]).toMatch(/^frontend \(production\) NORMAL/);
    expect(lines).toContain('  database: DOWN — all 2 targets down; 0/2 up, errors n/a (no requests in the last 5m), p95 n/a');
    expect(lines).toContain('  sessions: DEGRADED — p95 above 1000 ms: 1/1 up, errors 0.00%, p95 2313 ms');
    // Components that are fine are not spelled out in the overview.
    expect(reply.text).not.toContain('web:');
  });

  it('an override Prometheus cannot execute (HTTP 422) makes the figure UNKNOWN with the reason, or the metrics answer a refusal', async () => {
    // Two `up` series on each side with nothing to match them by: Prometheus parses it, then refuses to execute it.
    const broken = await opsbotWith({ queries: { up: 'up{$selector} / on() up{$selector}', requests: 'http_requests_total{$selector} / on() http_requests_total{$selector}' } });
    try {
      const status = await broken.gateway.call({ tool: 'service_status', args: { service: 'frontend' }, actor: 'U00VIEWER', origin });
      expect(status.status).toBe('ok');
      const web = (status as { data: { services: ServiceStatus[] } }).data.services[0]!.components.find((entry) => entry.name === 'web')!;
      expect(web.status).toBe('UNKNOWN');
      expect(web.detail).toMatch(/^up: Prometheus refused the query \(HTTP 422, execution: /);
      const metrics = await broken.gateway.call({ tool: 'service_metrics', args: { service: 'frontend' }, actor: 'U00VIEWER', origin });
      expect(metrics.status).toBe('error');
      expect(metrics.text).toMatch(/HTTP 422, execution/);
      expect(metrics.text).not.toMatch(/\b301\b/);
    } finally {
      await broken.cleanup();
    }
  });

  it('a Prometheus that does not answer in time is UNKNOWN with the reason, not a hang', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const config = metricsBackendSchema.parse({ adapter: 'prometheus', url: `http://127.0.0.1:${port}`, ...FLEET_READING, timeoutSeconds: 0.3 }) as PrometheusConfig;
      const slow = new PrometheusMetrics({ config, services: opsbot.config.services, now });
      const status = await slow.status('frontend', 'production');
      expect(status.overall).toBe('UNKNOWN');
      expect(status.components[0]!.detail).toBe(`up: Prometheus at http://127.0.0.1:${port} did not answer within 0.3 s`);
      await expect(slow.snapshot('frontend', 'production')).rejects.toThrow(/did not answer within 0\.3 s/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('sends the bearer token from the environment, and keeps it out of every answer', async () => {
    const seen: Array<string | undefined> = [];
    // A proxy in front of Prometheus that refuses the token, echoing it back as careless proxies do.
    const guard = createHttpServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(401, { 'content-type': 'text/plain' }).end(`bad credentials: ${request.headers.authorization}`);
    });
    await new Promise<void>((resolve) => guard.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(guard.address() as { port: number }).port}`;
    const guarded = await testOpsbot({ overrides: { backends: { metrics: { adapter: 'prometheus', url, ...FLEET_READING, token: 'env:PROMETHEUS_TOKEN' } } as ConfigInput['backends'] }, now, env: { PROMETHEUS_TOKEN: 'prom-secret-0123456789' } });
    try {
      const status = await guarded.gateway.call({ tool: 'service_status', args: { service: 'frontend' }, actor: 'U00VIEWER', origin });
      expect(seen[0]).toBe('Bearer prom-secret-0123456789');
      expect(status.text).toContain('UNKNOWN');
      expect(status.text).toContain('HTTP 401');
      expect(status.text).not.toContain('prom-secret-0123456789');
    } finally {
      await guarded.cleanup();
      await new Promise((resolve) => guard.close(resolve));
    }
  });

  // Last: it stops the file's Prometheus.
  it('Prometheus stopped mid-test: status turns UNKNOWN with the reason and no figure is shown as current', async () => {
    const before = await read('service_status', { service: 'frontend' });
    expect(before.text).toMatch(/^frontend \(production\) NORMAL/);
    await prometheus.stop();
    const after = await read('service_status', { service: 'frontend' });
    expect(after.status).toBe('ok');
    const status = (after as { data: { services: ServiceStatus[] } }).data.services[0]!;
    expect(status.overall).toBe('UNKNOWN');
    for (const component of status.components) expect(component.detail).toMatch(/Prometheus at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\)/);
    const metrics = await read('service_metrics', { service: 'frontend' });
    expect(metrics.status).toBe('error');
    expect(metrics.text).toMatch(/unreachable \(ECONNREFUSED\)/);
    const fleet = await read('service_status', {});
    expect(fleet.text.split('\n')[0]).toMatch(/^Not NORMAL in production: could not be determined: frontend \(up: Prometheus at .* is unreachable.*; 0 of 4 services NORMAL\.$/);
  });
});
