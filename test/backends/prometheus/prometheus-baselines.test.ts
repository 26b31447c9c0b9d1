import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusMetrics } from '../../../src/backends/prometheus/prometheus-metrics.js';
import { chartOf } from '../../../src/charts/chart-spec.js';
import { layoutOf } from '../../../src/charts/chart-layout.js';
import { COLORS } from '../../../src/charts/chart-svg.js';
import { renderChart } from '../../../src/charts/render-chart.js';
import { metricsBackendSchema, type PrometheusConfig } from '../../../src/config/monitoring-schema.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import type { BaselineComparison, FigureBaseline } from '../../../src/tools/baselines.js';
import { decodePng, near, pixel } from '../../charts/png-checks.js';
import { baselineMoments, baselineOpenMetrics, SLOW_P95_MS, USUAL_P95_MS } from '../../support/baseline-openmetrics.js';
import { FLEET_READING } from '../../support/fleet-openmetrics.js';
import { missingMonitoring, type RunningServer, startPrometheus } from '../../support/monitoring-servers.js';
import { testOpsbot } from '../../support/test-opsbot.js';
import { metricsContract } from '../contracts/metrics-contract.js';

const missing = missingMonitoring();
const moments = baselineMoments();
const DAY = 86_400;
const origin = { frontEnd: 'test' as const, conversationId: 'prometheus-baselines' };
let clock = new Date(moments.now * 1000);
const now = () => clock;
let prometheus: RunningServer;

const DASHBOARDS = [
  {
    name: 'traffic',
    title: 'Traffic',
    panels: [
      { title: 'Requests by code', query: 'sum by (code) (rate(http_requests_total{service="frontend"}[5m]))' },
      { title: 'Frontend p95', metric: 'latency_p95' as const, services: ['frontend'] },
      { title: 'Unparsable', query: 'sum(rate(http_requests_total[5m]' },
      // Two series on each side and nothing to match them by: Prometheus parses it, then refuses to run it.
      { title: 'Unmatchable', query: 'http_requests_total / on() http_requests_total' },
    ],
  },
];

describe.skipIf(missing)(`baselines and query panels against a real Prometheus${missing ? ` — ${missing}` : ''}`, () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  let port: PrometheusMetrics;

  beforeAll(async () => {
    prometheus = await startPrometheus(baselineOpenMetrics(moments));
    const backends = { metrics: { adapter: 'prometheus', url: prometheus.url, ...FLEET_READING }, deploys: { adapter: 'demo' } } as ConfigInput['backends'];
    opsbot = await testOpsbot({ overrides: { backends, dashboards: DASHBOARDS }, now });
    const config = metricsBackendSchema.parse({ adapter: 'prometheus', url: prometheus.url, ...FLEET_READING }) as PrometheusConfig;
    port = new PrometheusMetrics({ config, services: opsbot.config.services, now });
    // The deploy behind the slowdown, recorded by the deploy system when it happened.
    clock = new Date(moments.deploy * 1000);
    await opsbot.backends.deploys.deploy({ service: 'frontend', environment: 'production', version: 'v9.1.0', requestedBy: 'U00LEAD' });
    clock = new Date(moments.now * 1000);
  }, 30_000);
  afterAll(async () => {
    await opsbot?.cleanup();
    await prometheus?.cleanup();
  });

  async function baselineOf(service: string): Promise<{ text: string; baseline: BaselineComparison; figure: (metric: string) => FigureBaseline }> {
    const outcome = await opsbot.gateway.call({ tool: 'service_metrics', args: { service, range: '1h' }, actor: 'U00VIEWER', origin });
    if (outcome.status !== 'ok') throw new Error(outcome.text);
    const baseline = (outcome.data as { baseline: BaselineComparison }).baseline;
    return { text: outcome.text, baseline, figure: (metric) => baseline.figures.find((entry) => entry.metric === metric)! };
  }

  describe('the metrics port contract, offset a day back', () => {
    metricsContract(() => ({ metrics: port, services: opsbot.config.services, now, service: 'frontend', environment: 'production', offsetSeconds: DAY }));
  });

  it('an offset series holds the values of that long before, stamped at the requested times', async () => {
    const range = { from: new Date((moments.now - 1800) * 1000), to: new Date(moments.now * 1000), stepSeconds: 60 };
    const today = await port.series('frontend', 'production', 'requests', range);
    const yesterday = await port.series('frontend', 'production', 'requests', { ...range, offsetSeconds: DAY });
    const lastWeek = await port.series('frontend', 'production', 'requests', { ...range, offsetSeconds: 7 * DAY });
    const stamps = today.points.map(([at]) => at);
    expect(stamps).toHaveLength(31);
    expect(yesterday.points.map(([at]) => at)).toEqual(stamps);
    expect(lastWeek.points.map(([at]) => at)).toEqual(stamps);
    for (const [, value] of today.points) expect(value).toBeCloseTo(100, 6);
    for (const [, value] of yesterday.points) expect(value).toBeCloseTo(90, 6);
    for (const [, value] of lastWeek.points) expect(value).toBeCloseTo(110, 6);
  });

  it('service_metrics flags exactly the p95 that tripled after the deploy, with the factor, when it began and the deploy', async () => {
    const { text, baseline, figure } = await baselineOf('frontend');
    expect(baseline.figures.filter((entry) => entry.unusual).map((entry) => entry.metric)).toEqual(['latency_p95']);
    const latency = figure('latency_p95');
    expect(latency.now).toBeCloseTo(SLOW_P95_MS, 6);
    expect(latency.usual).toBeCloseTo(USUAL_P95_MS, 6);
    expect(latency.dayAgo).toBeCloseTo(USUAL_P95_MS, 6);
    expect(latency.weekAgo).toBeCloseTo(USUAL_P95_MS, 6);
    expect(latency.ratio).toBe(3);
    // The 5 m rate window carries the slow requests in gradually: the stretch begins within it.
    const since = Date.parse(latency.since!) / 1000;
    expect(since).toBeGreaterThan(moments.deploy);
    expect(since).toBeLessThanOrEqual(moments.deploy + 300);
    expect(latency.deploy).toMatchObject({ version: 'v9.1.0', by: 'U00LEAD', at: new Date(moments.deploy * 1000).toISOString() });
    const hhmm = (seconds: number) => new Date(seconds * 1000).toISOString().slice(11, 16);
    expect(text).toContain(`Unusual for this time: p95 latency 900 ms, 3.0× its usual for this hour, since ${hhmm(since)} — deploy v9.1.0 at ${hhmm(moments.deploy)}.`);
    // Requests differ from yesterday (90) and last week (110), but not from their usual for this hour.
    expect(figure('requests')).toMatchObject({ unusual: false, ratio: 1 });
    expect(figure('requests').dayAgo).toBeCloseTo(90, 6);
    expect(figure('requests').weekAgo).toBeCloseTo(110, 6);
  });

  it('says normal for this time for a quiet service, read against its own yesterday and last week', async () => {
    const { text, baseline, figure } = await baselineOf('api');
    expect(baseline.normal).toBe(true);
    expect(text).toContain('Compared with this time yesterday and last week: normal for this time.');
    const requests = figure('requests');
    expect(requests.now).toBeCloseTo(50, 6);
    expect(requests.dayAgo).toBeCloseTo(45, 6);
    expect(requests.weekAgo).toBeCloseTo(55, 6);
    expect(requests.usual).toBeCloseTo(50, 6);
    expect(requests.ratio).toBe(1);
  });

  it('renders a dashboard whose query panel draws one line per result series; a refused query is its panel note', async () => {
    const outcome = await opsbot.gateway.call({ tool: 'dashboard', args: { name: 'traffic' }, actor: 'U00VIEWER', origin });
    expect(outcome.status).toBe('ok');
    const chart = chartOf(outcome.status === 'ok' ? outcome.data : null)!;
    const [byCode, p95, unparsable, unmatchable] = chart.panels;
    expect(byCode!.lines.map((line) => line.label)).toEqual(['code=200', 'code=500']);
    for (const [, value] of byCode!.lines[0]!.points.filter(([at]) => at > moments.now - 1800)) expect(value).toBeCloseTo(99, 6);
    expect(byCode!.note).toBeUndefined();
    expect(p95!.lines.map((line) => line.label)).toEqual(['frontend']);
    expect(p95!.lines[0]!.points.at(-1)![1]).toBeCloseTo(SLOW_P95_MS, 6);
    expect(unparsable!.lines).toEqual([]);
    expect(unparsable!.note).toMatch(/^Prometheus cannot run the query `sum\(rate\(http_requests_total\[5m\]`: bad_data: .*parse error.* \(HTTP 400\)\.$/);
    expect(unmatchable!.note).toMatch(/^Prometheus cannot run the query `http_requests_total \/ on\(\) http_requests_total`: execution: .* \(HTTP 422\)\.$/);
    expect(outcome.text).toContain('• Requests by code: code=200 99.0, code=500 1.00');
    expect(outcome.text).toMatch(/• Unparsable: Prometheus cannot run the query .*bad_data/);

    const png = decodePng(renderChart(chart).png);
    const box = layoutOf(chart).panels[0]!.plot;
    const count = (hex: string) => {
      let found = 0;
      for (let y = box.top; y < box.top + box.height; y++) for (let x = box.left; x < box.left + box.width; x++) if (near(pixel(png, x, y), hex, 24)) found++;
      return found;
    };
    // Two lines in the first two palette colours, and no third.
    expect(count(COLORS.lines[0])).toBeGreaterThan(200);
    expect(count(COLORS.lines[1])).toBeGreaterThan(200);
    expect(count(COLORS.lines[2])).toBe(0);
  });

  it('query: a lone unlabelled series is named by its expression; too many series is a readable refusal', async () => {
    const range = { from: new Date((moments.now - 600) * 1000), to: new Date(moments.now * 1000), stepSeconds: 60 };
    const [total] = await port.query('sum(rate(http_requests_total[5m]))', range);
    expect(total).toMatchObject({ label: 'sum(rate(http_requests_total[5m]))', labels: {}, service: '', unit: '' });
    for (const [, value] of total!.points) expect(value).toBeCloseTo(150, 6);
    const [yesterday] = await port.query('sum(rate(http_requests_total[5m]))', { ...range, offsetSeconds: DAY });
    expect(yesterday!.points.map(([at]) => at)).toEqual(total!.points.map(([at]) => at));
    for (const [, value] of yesterday!.points) expect(value).toBeCloseTo(135, 6);
    const perService = await port.query('sum by (service) (rate(http_requests_total[5m]))', range);
    expect(perService.map((series) => [series.label, series.service])).toEqual([['service=api', 'api'], ['service=frontend', 'frontend']]);
    // up 2, requests 4, cpu 2, buckets 8.
    await expect(port.query('{__name__=~".+"}', range)).rejects.toThrow('The query `{__name__=~".+"}` gives 16 series; a panel draws at most 12.');
  });
});
