import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import type { MetricSnapshot, ServiceStatus } from '../../../src/backends/ports/metrics.js';
import { MetricQueries } from '../../../src/backends/prometheus/metric-queries.js';
import { PrometheusMetrics } from '../../../src/backends/prometheus/prometheus-metrics.js';
import type { PrometheusConfig } from '../../../src/config/monitoring-schema.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { metricsContract } from '../contracts/metrics-contract.js';
import { type DayOneTarget, dayOneOpenMetrics, micrometerServer, otelServer, prometheusServer } from '../../support/day-one-openmetrics.js';
import { fleetSpan } from '../../support/fleet-openmetrics.js';
import { missingMonitoring, type RunningServer, startPrometheus } from '../../support/monitoring-servers.js';
import { testOpsbot } from '../../support/test-opsbot.js';

const missing = missingMonitoring();
const span = fleetSpan();
const now = () => span.clock;
const origin = { frontEnd: 'test' as const, conversationId: 'prometheus-selectors' };

/** Only `job` and `instance` on every series, request metrics named three ways. */
const PRODUCTION: DayOneTarget[] = [
  { job: 'checkout', instance: 'checkout-0:8080', up: 1, cpu: 0.1, counters: otelServer(20, 0) },
  { job: 'checkout', instance: 'checkout-1:8080', up: 1, cpu: 0.3, counters: otelServer(20, 0) },
  { job: 'catalog', instance: 'catalog-0:8080', up: 1, cpu: 0.5, counters: prometheusServer(90, 10) },
  { job: 'billing', instance: 'billing-0:8080', up: 1, cpu: 0.2, counters: micrometerServer(30, 0) },
  { job: 'billing-worker', instance: 'billing-worker-0:8080', up: 0, cpu: 0, counters: [] },
  { job: 'billing-worker', instance: 'billing-worker-1:8080', up: 0, cpu: 0, counters: [] },
  { job: 'search', instance: 'search-0:8080', up: 1, cpu: 0.05, counters: otelServer(0, 0) },
];
const STAGING: DayOneTarget[] = [{ job: 'checkout', instance: 'checkout-0:8080', up: 1, cpu: 0.2, counters: otelServer(5, 0) }];

/** Each service in at most four lines of config: the selector, and the naming where it is not OpenTelemetry's. */
const SERVICES = [
  { name: 'checkout', team: 'web', components: ['web'], metrics: { selector: '{job="checkout"}' } },
  { name: 'catalog', team: 'platform', components: ['api'], metrics: { selector: '{job="catalog"}', conventions: 'prometheus' } },
  {
    name: 'billing',
    team: 'payments',
    components: ['api', 'worker'],
    metrics: { selector: '{job=~"billing|billing-worker"}', conventions: 'micrometer', components: { api: '{job="billing"}', worker: '{job="billing-worker"}' } },
  },
  { name: 'search', team: 'identity', components: ['web'], metrics: { selector: '{job="search"}' } },
  { name: 'ledger', team: 'payments', components: ['db'], metrics: { selector: '{job="ledger"}' } },
] as ConfigInput['services'];

describe.skipIf(missing)(`services found by selector and conventions in a real Prometheus${missing ? ` — ${missing}` : ''}`, () => {
  let production: RunningServer;
  let staging: RunningServer;
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;

  beforeAll(async () => {
    [production, staging] = await Promise.all([startPrometheus(dayOneOpenMetrics(PRODUCTION, span)), startPrometheus(dayOneOpenMetrics(STAGING, span))]);
    opsbot = await testOpsbot({ overrides: { services: SERVICES, dashboards: [], backends: { metrics: { adapter: 'prometheus', url: production.url } } as ConfigInput['backends'] }, now });
  }, 60_000);
  afterAll(async () => {
    await opsbot?.cleanup();
    await Promise.all([production?.cleanup(), staging?.cleanup()]);
  });

  const read = (tool: string, args: Record<string, unknown>, bot = opsbot) => bot.gateway.call({ tool, args, actor: 'U00VIEWER', origin });
  const statusOf = async (service: string, bot = opsbot, environment = 'production') => {
    const outcome = await read('service_status', { service, environment }, bot);
    expect(outcome.status).toBe('ok');
    return { text: outcome.text, status: (outcome as { data: { services: ServiceStatus[] } }).data.services[0]! };
  };

  describe('the metrics port contract, services found by selector, components by selector, no label required', () => {
    let port: PrometheusMetrics;
    beforeAll(() => {
      port = new PrometheusMetrics({ config: opsbot.config.backends.metrics as PrometheusConfig, services: opsbot.config.services, now });
    });
    metricsContract(() => ({
      metrics: port,
      services: opsbot.config.services,
      now,
      service: 'checkout',
      environment: 'production',
      componentsOf: (service) => new MetricQueries(opsbot.config.backends.metrics as PrometheusConfig).components(service),
    }));
  });

  it('rates each service NORMAL, DEGRADED or DOWN from its own naming, 0.00% errors when healthy', async () => {
    const checkout = await statusOf('checkout');
    expect(checkout.status.components).toEqual([{ name: 'checkout', status: 'NORMAL', detail: '2/2 up, errors 0.00%, p95 375 ms' }]);
    // Deploys are not configured: no version line, rather than one made up.
    expect(checkout.text.split('\n')[0]).toBe('checkout (production) NORMAL');

    const catalog = await statusOf('catalog');
    expect(catalog.status.overall).toBe('DEGRADED');
    expect(catalog.status.components[0]!.detail).toBe('error rate above 5%: 1/1 up, errors 10.00%, p95 375 ms');

    const billing = await statusOf('billing');
    expect(billing.status.overall).toBe('DOWN');
    expect(billing.status.components).toEqual([
      { name: 'api', status: 'NORMAL', detail: '1/1 up, errors 0.00%, p95 375 ms' },
      { name: 'worker', status: 'DOWN', detail: 'all 2 targets down; 0/2 up, errors n/a (no requests in the last 5m), p95 n/a' },
    ]);
    expect(billing.status.queries!.filter((query) => query.component === 'worker').map((query) => query.query)[0]).toBe('up{job="billing-worker"}');
  });

  it('n/a only without requests, saying so; UNKNOWN names the selector and the PromQL that found nothing', async () => {
    const search = await statusOf('search');
    expect(search.status.components[0]).toEqual({ name: 'search', status: 'NORMAL', detail: '1/1 up, errors n/a (no requests in the last 5m), p95 n/a' });
    const ledger = await statusOf('ledger');
    expect(ledger.status.overall).toBe('UNKNOWN');
    expect(ledger.status.components[0]!.detail).toBe(
      'no data: nothing matches {job="ledger"} (`up{job="ledger"}` and `sum(rate(http_server_request_duration_seconds_count{job="ledger"}[5m]))` returned no series)',
    );
  });

  it('reports exact figures three ways named, with no comparison on a fresh Prometheus', async () => {
    const expected: Record<string, Partial<MetricSnapshot>> = {
      checkout: { requestsPerSecond: 40, errorRatePercent: 0, latencyP95Ms: 375, cpuPercent: 20 },
      catalog: { requestsPerSecond: 100, errorRatePercent: 10, latencyP95Ms: 375, cpuPercent: 50 },
      billing: { requestsPerSecond: 30, errorRatePercent: 0, latencyP95Ms: 375, cpuPercent: 20 },
    };
    for (const [service, figures] of Object.entries(expected)) {
      const outcome = await read('service_metrics', { service, range: '1h' });
      expect(outcome.status, outcome.text).toBe('ok');
      const data = (outcome as { data: { snapshot: MetricSnapshot; baseline: { normal: boolean; summary: string } } }).data;
      for (const [key, value] of Object.entries(figures)) expect(data.snapshot[key as keyof MetricSnapshot], `${service} ${key}`).toBeCloseTo(value as number, 6);
      // Nothing a day or a week ago: no comparison is made, and none is claimed.
      expect(data.baseline.normal).toBe(false);
      expect(outcome.text).toContain('No data from yesterday or last week to compare with.');
      expect(outcome.text).not.toContain('normal for this time');
    }
    const checkout = await read('service_metrics', { service: 'checkout' });
    expect(checkout.text).toMatch(/error rate\s+0\.00 %/);
    const search = await read('service_metrics', { service: 'search' });
    expect(search.text).toMatch(/error rate\s+n\/a %\s+\S* ?\(no requests in the last 5m\)/);
  });

  it('explain lists every query of the answer, where it ran and how many series it returned', async () => {
    const status = await read('service_status', { service: 'billing', explain: true });
    const lines = status.text.split('\n');
    expect(lines).toContain(`  worker up: up{job="billing-worker"} → 2 series (${production.url})`);
    expect(lines).toContain(`  api errorRate: 100 * (sum(rate(http_server_requests_seconds_count{job="billing",status=~"5.."}[5m])) or vector(0)) / sum(rate(http_server_requests_seconds_count{job="billing"}[5m])) → 1 series (${production.url})`);
    expect(lines.filter((line) => /^ {2}(api|worker) /.test(line))).toHaveLength(10);
    const metrics = await read('service_metrics', { service: 'ledger', explain: true });
    expect(metrics.text).toContain(`  requests: sum(rate(http_server_request_duration_seconds_count{job="ledger"}[5m])) → 0 series (${production.url})`);
    expect(metrics.text).toMatch(/requests\s+n\/a req\/s.*\(nothing matches \{job="ledger"\}\)/);
    // Typed: `--explain` anywhere in the command.
    const router = new CommandRouter(opsbot.gateway, opsbot.config);
    expect((await router.respond({ text: 'status billing --explain', actor: 'U00VIEWER', origin })).text).toContain(`  worker up: up{job="billing-worker"} → 2 series (${production.url})`);
    expect((await router.respond({ text: 'status billing', actor: 'U00VIEWER', origin })).text).not.toContain('Queries:');
  });

  it('reads each environment from its own Prometheus (two real servers)', async () => {
    const split = await testOpsbot({
      overrides: { services: SERVICES, dashboards: [], backends: { metrics: { adapter: 'prometheus', environments: { staging: { url: staging.url }, production: { url: production.url, selector: '{instance=~".+"}' } } } } as ConfigInput['backends'] },
      now,
    });
    try {
      const snapshot = async (environment: string) => ((await read('service_metrics', { service: 'checkout', environment }, split)) as unknown as { data: { snapshot: MetricSnapshot } }).data.snapshot;
      const [inStaging, inProduction] = await Promise.all([snapshot('staging'), snapshot('production')]);
      expect(inStaging.requestsPerSecond).toBeCloseTo(5, 6);
      expect(inStaging.queries!.every((query) => query.source === staging.url)).toBe(true);
      expect(inProduction.requestsPerSecond).toBeCloseTo(40, 6);
      // The environment's selector joins the service's.
      expect(inProduction.queries![0]).toMatchObject({ query: 'sum(rate(http_server_request_duration_seconds_count{job="checkout",instance=~".+"}[5m]))', source: production.url });
      const staged = await statusOf('checkout', split, 'staging');
      expect(staged.status.components[0]).toEqual({ name: 'checkout', status: 'NORMAL', detail: '1/1 up, errors 0.00%, p95 375 ms' });
      // Billing has no series in staging's Prometheus at all.
      expect((await statusOf('billing', split, 'staging')).status.overall).toBe('UNKNOWN');
    } finally {
      await split.cleanup();
    }
  });
});
