import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCommand } from '../../src/agent/router/index.js';
import { chartOf } from '../../src/charts/chart-spec.js';
import { renderChart } from '../../src/charts/render-chart.js';
import { decodePng } from '../charts/png-checks.js';
import { metricNamed } from '../../src/tools/metric-names.js';
import { testConfig, testOpsbot } from '../support/test-opsbot.js';

const origin = { frontEnd: 'test' as const, conversationId: 'dashboard-test' };
let opsbot: Awaited<ReturnType<typeof testOpsbot>>;

beforeAll(async () => {
  opsbot = await testOpsbot();
});
afterAll(async () => {
  await opsbot.cleanup();
});

describe('dashboard', () => {
  it('renders cpu-usage as one image of small multiples, one line per service', async () => {
    const outcome = await opsbot.gateway.call({ tool: 'dashboard', args: { name: 'cpu-usage' }, actor: 'U00VIEWER', origin });
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    const chart = chartOf(outcome.data)!;
    expect(chart.panels.map((panel) => panel.title)).toEqual(['CPU, production', 'CPU, staging']);
    expect(chart.panels[0]!.lines.map((line) => line.label)).toEqual(['frontend', 'api', 'auth', 'payments']);
    expect(outcome.text).toMatch(/^CPU usage dashboard, last 1h:\n• CPU, production: frontend [\d.]+ %, api/);
    const png = decodePng(renderChart(chart).png);
    expect([png.width, png.height]).toEqual([800, 34 + 220]);
  });

  it('finds a dashboard by its title too, and links its url', async () => {
    const outcome = await opsbot.gateway.call({ tool: 'dashboard', args: { name: 'Checkout' }, actor: 'U00VIEWER', origin });
    expect(outcome.status).toBe('ok');
    expect(outcome.text).toMatch(/^Checkout dashboard, last 1h: https:\/\/grafana\.example\.com\/d\/checkout\n/);
    expect(chartOf(outcome.status === 'ok' ? outcome.data : null)?.url).toBe('https://grafana.example.com/d/checkout');
  });

  it('answers an unknown name with the configured ones', async () => {
    const outcome = await opsbot.gateway.call({ tool: 'dashboard', args: { name: 'memory' }, actor: 'U00VIEWER', origin });
    expect(outcome.status).toBe('error');
    expect(outcome.text).toContain('No dashboard "memory". Dashboards: cpu-usage, checkout.');
  });

  it('is reached from the router by "dashboard NAME" and "show me the NAME dashboard"', () => {
    const config = testConfig();
    expect(parseCommand('dashboard cpu-usage', config)).toMatchObject({ kind: 'call', tool: 'dashboard', args: { name: 'cpu-usage' } });
    expect(parseCommand('show me the checkout dashboard', config)).toMatchObject({ kind: 'call', tool: 'dashboard', args: { name: 'checkout' } });
    expect(parseCommand('dashboard checkout 6h', config)).toMatchObject({ kind: 'call', tool: 'dashboard', args: { name: 'checkout', range: '6h' } });
    expect(parseCommand('cpu-usage のダッシュボードを見せて', config)).toEqual({ kind: 'call', tool: 'dashboard', args: { name: 'cpu-usage' } });
    expect(parseCommand('checkout dashboard', config)).toEqual({ kind: 'call', tool: 'dashboard', args: { name: 'checkout' } });
  });

  it('rejects a panel naming an unknown service or both metric and query', () => {
    const dashboards = [{ name: 'bad', title: 'Bad', panels: [{ title: 'x', metric: 'cpu' as const, services: ['nope'] }] }];
    expect(() => testConfig({ dashboards })).toThrow(/dashboards\[0\]\.panels\[0\]\.services\[0\]: unknown service "nope"/);
    expect(() => testConfig({ dashboards: [{ name: 'bad', title: 'Bad', panels: [{ title: 'x', metric: 'cpu', query: 'up' }] }] })).toThrow(/either metric or query/);
    expect(() => testConfig({ dashboards: [{ name: 'bad', title: 'Bad', panels: [{ title: 'x', metric: 'cpu', colour: 'red' } as never] }] })).toThrow(/colour/);
  });
});

describe('service_metrics chart', () => {
  it('marks a deploy made in the range with its version and who, in the data a front end draws', async () => {
    const proposed = await opsbot.gateway.call({ tool: 'deploy', args: { service: 'auth', environment: 'staging', version: 'v7.1.0' }, actor: 'U00DEV', origin });
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    await opsbot.gateway.confirm(proposed.action.id, 'U00DEV', origin);
    const outcome = await opsbot.gateway.call({ tool: 'service_metrics', args: { service: 'auth', environment: 'staging', range: '15m' }, actor: 'U00VIEWER', origin });
    const chart = chartOf(outcome.status === 'ok' ? outcome.data : null)!;
    expect(chart.panels).toHaveLength(4);
    expect(chart.panels[0]!.markers).toContainEqual(expect.objectContaining({ kind: 'deploy', version: 'v7.1.0', by: 'U00DEV' }));
    const only = await opsbot.gateway.call({ tool: 'service_metrics', args: { service: 'auth', metric: 'cpu' }, actor: 'U00VIEWER', origin });
    expect(chartOf(only.status === 'ok' ? only.data : null)!.panels.map((panel) => panel.title)).toEqual(['cpu']);
  });
});

describe('metric names people use', () => {
  it('resolves latency, p95, errors, cpu, load, requests and rps to the figures', () => {
    expect(['latency', 'p95', 'errors', 'cpu', 'load', 'requests', 'rps', 'P95'].map(metricNamed)).toEqual(['latency_p95', 'latency_p95', 'error_rate', 'cpu', 'requests', 'requests', 'requests', 'latency_p95']);
    expect(metricNamed('memory')).toBeUndefined();
  });

  it('reads "chart SERVICE METRIC [RANGE]" as one metric, and a load question as all four', () => {
    const config = testConfig();
    expect(parseCommand('chart api p95 6h', config)).toEqual({ kind: 'call', tool: 'service_metrics', args: { service: 'api', metric: 'latency_p95', range: '6h' } });
    expect(parseCommand('chart frontend latency', config)).toEqual({ kind: 'call', tool: 'service_metrics', args: { service: 'frontend', metric: 'latency_p95' } });
    expect(parseCommand('chart payments errors in staging', config)).toMatchObject({ kind: 'call', args: { service: 'payments', metric: 'error_rate', environment: 'staging' } });
    expect(parseCommand('chart frontend', config)).toEqual({ kind: 'call', tool: 'service_metrics', args: { service: 'frontend' } });
    expect(parseCommand("how's frontend load?", config)).toMatchObject({ kind: 'call', tool: 'service_metrics', args: { service: 'frontend' } });
    expect(parseCommand("how's frontend load?", config)).not.toHaveProperty('args.metric');
    expect(parseCommand('frontend cpu 6h', config)).toMatchObject({ kind: 'call', tool: 'service_metrics', args: { service: 'frontend', metric: 'cpu', range: '6h' } });
  });

  it('draws one panel for "chart api p95 6h" through the gateway', async () => {
    const parsed = parseCommand('chart api p95 6h', testConfig());
    if (parsed.kind !== 'call') throw new Error('not a call');
    const outcome = await opsbot.gateway.call({ tool: parsed.tool, args: parsed.args, actor: 'U00VIEWER', origin });
    const chart = chartOf(outcome.status === 'ok' ? outcome.data : null)!;
    expect(chart.panels.map((panel) => panel.title)).toEqual(['p95 latency']);
    expect(chart.title).toBe('api (production) p95 latency, last 6h');
  });
});

describe('dashboard commands', () => {
  it('reads "dashboards", "dashboards list", a service after the name, and a pasted link with its case', () => {
    const config = testConfig();
    expect(parseCommand('dashboards list', config)).toEqual({ kind: 'call', tool: 'dashboard', args: {} });
    expect(parseCommand('list dashboards', config)).toEqual({ kind: 'call', tool: 'dashboard', args: {} });
    expect(parseCommand('dashboard checkout payments 6h', config)).toEqual({ kind: 'call', tool: 'dashboard', args: { name: 'checkout', service: 'payments', range: '6h' } });
    expect(parseCommand('dashboard https://grafana.example.com/d/AbC12/checkout?viewPanel=2', config)).toEqual({ kind: 'call', tool: 'dashboard', args: { name: 'https://grafana.example.com/d/AbC12/checkout?viewPanel=2' } });
  });

  it('lists the configured dashboards with no name', async () => {
    const outcome = await opsbot.gateway.call({ tool: 'dashboard', args: {}, actor: 'U00VIEWER', origin });
    expect(outcome.text).toBe('Dashboards (2):\n• CPU usage (cpu-usage)\n• Checkout (checkout): https://grafana.example.com/d/checkout');
  });
});
