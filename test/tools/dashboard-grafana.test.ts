import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCommand } from '../../src/agent/router/index.js';
import { pictureOf } from '../../src/charts/chart-image.js';
import { chartOf } from '../../src/charts/chart-spec.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { decodePng } from '../charts/png-checks.js';
import { GRAFANA_DASHBOARDS, GRAFANA_TOKEN } from '../backends/grafana/grafana-fixture.js';
import { type FakeGrafana, startFakeGrafana } from '../support/fake-grafana-server.js';
import { FLEET, fleetOpenMetrics, fleetSpan } from '../support/fleet-openmetrics.js';
import { missingMonitoring, type RunningServer, startPrometheus } from '../support/monitoring-servers.js';
import { testOpsbot } from '../support/test-opsbot.js';

const origin = { frontEnd: 'test' as const, conversationId: 'dashboard-grafana' };
const missing = missingMonitoring();
const span = fleetSpan();

type TestOpsbot = Awaited<ReturnType<typeof testOpsbot>>;

async function ask(opsbot: TestOpsbot, text: string) {
  const parsed = parseCommand(text, opsbot.config);
  if (parsed.kind !== 'call') throw new Error(`not a call: ${text}`);
  return opsbot.gateway.call({ tool: parsed.tool, args: parsed.args, actor: 'U00VIEWER', origin });
}

function grafanaBackends(peer: FakeGrafana, prometheus?: RunningServer): ConfigInput['backends'] {
  return { dashboards: { adapter: 'grafana', url: peer.url, token: 'env:GRAFANA_TOKEN' }, ...(prometheus ? { metrics: { adapter: 'prometheus', url: prometheus.url } } : {}) } as ConfigInput['backends'];
}

describe('dashboard with Grafana configured (loopback Grafana)', () => {
  let peer: FakeGrafana;
  let opsbot: TestOpsbot;
  beforeAll(async () => {
    peer = await startFakeGrafana({ token: GRAFANA_TOKEN, dashboards: GRAFANA_DASHBOARDS });
    opsbot = await testOpsbot({ overrides: { backends: grafanaBackends(peer) }, env: { GRAFANA_TOKEN }, now: () => span.clock });
  });
  afterAll(async () => {
    await opsbot.cleanup();
    await peer.stop();
  });

  it('"dashboard checkout" answers with the Grafana link and the PNG Grafana rendered, with the dashboard\'s variables', async () => {
    peer.requests.length = 0;
    const outcome = await ask(opsbot, 'dashboard checkout');
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    const to = span.clock.getTime();
    const link = `${peer.url}/d/Xk3checkout/checkout?from=${to - 3_600_000}&to=${to}&var-service=payments&var-env=production`;
    expect(outcome.text.split('\n')[0]).toBe(`Checkout dashboard, last 1h: ${link}`);
    const picture = pictureOf(outcome.data)!;
    expect(picture.url).toBe(link);
    const png = decodePng(picture.draw().png);
    expect([png.width, png.height]).toEqual([1200, 900]);
    const render = peer.requests.find((request) => request.path.startsWith('/render/'))!;
    expect(render.path).toBe('/render/d/Xk3checkout/checkout');
    expect(render.query.get('var-service')).toBe('payments');
    expect(render.query.get('var-env')).toBe('production');
    expect(chartOf(outcome.data)).toBeNull();
  });

  it('"dashboard checkout frontend 6h" sets the service variable and the range; a pasted panel link renders that panel', async () => {
    peer.requests.length = 0;
    const outcome = await ask(opsbot, 'dashboard checkout frontend 6h');
    expect(outcome.text).toContain('var-service=frontend&var-env=production');
    expect(outcome.text.split('\n')[0]).toMatch(/^Checkout dashboard, last 6h \(frontend\): /);
    const link = `${peer.url}/d/Xk3checkout/checkout?viewPanel=3&from=1763730000000&to=1763733600000&var-service=auth`;
    const panel = await ask(opsbot, `dashboard ${link}`);
    expect(panel.text.split('\n')[0]).toBe(`Checkout dashboard, 13:00–14:00 UTC (auth): ${peer.url}/d/Xk3checkout/checkout?from=1763730000000&to=1763733600000&var-service=auth&var-env=production&viewPanel=3`);
    const solo = peer.requests.filter((request) => request.path.startsWith('/render/')).at(-1)!;
    expect(solo.path).toBe('/render/d-solo/Xk3checkout/checkout');
    expect(Object.fromEntries(solo.query)).toMatchObject({ panelId: '3', width: '800', height: '400', from: '1763730000000', to: '1763733600000' });
    expect(decodePng(pictureOf(panel.status === 'ok' ? panel.data : null)!.draw().png).width).toBe(800);
    // The same link as Slack puts it in a message's text.
    const slack = await ask(opsbot, `dashboard <${link.replace(/&/g, '&amp;')}|Checkout errors>`);
    expect(slack.text.split('\n')[0]).toBe(panel.text.split('\n')[0]);
  });

  it('"dashboards list" lists Grafana\'s dashboards with folders and links', async () => {
    const outcome = await ask(opsbot, 'dashboards list');
    expect(outcome.text).toBe(`Dashboards (2):\n• Checkout (Xk3checkout) in Payments: ${peer.url}/d/Xk3checkout/checkout\n• CPU usage (cpu-usage) in Platform: ${peer.url}/d/cpu-usage/cpu-usage`);
  });

  it('without a renderer and without Prometheus, gives the link and says why nothing is drawn', async () => {
    peer.renderer = 'absent-500';
    try {
      const outcome = await ask(opsbot, 'dashboard checkout');
      expect(outcome.text).toContain("Grafana's image renderer did not draw it (HTTP 500, Rendering failed: no image renderer available/installed); drawn by opsbot from the panels' PromQL instead.");
      expect(outcome.text).toContain('• Checkout requests: queries need the Prometheus adapter');
      expect(outcome.text.split('\n')[0]).toContain(`${peer.url}/d/Xk3checkout/checkout?`);
    } finally {
      peer.renderer = 'installed';
    }
  });

  it('names the dashboards there when asked for one that is not, and refuses a service not in the catalog', async () => {
    const outcome = await ask(opsbot, 'dashboard memory');
    expect(outcome).toMatchObject({ status: 'error', text: 'No dashboard "memory". Dashboards: Xk3checkout, cpu-usage.' });
    const unknown = await opsbot.gateway.call({ tool: 'dashboard', args: { name: 'checkout', service: 'billing' }, actor: 'U00VIEWER', origin });
    expect(unknown).toMatchObject({ status: 'error', text: 'Unknown service "billing". Services: frontend, api, auth, payments.' });
  });

  it('refuses to start without GRAFANA_TOKEN in the environment', async () => {
    await expect(testOpsbot({ overrides: { backends: grafanaBackends(peer) }, env: {} })).rejects.toThrow('backends.dashboards.token: GRAFANA_TOKEN is not set in the environment');
  });
});

describe.skipIf(missing)(`dashboard without a Grafana renderer, drawn from its PromQL by a real Prometheus${missing ? ` — ${missing}` : ''}`, () => {
  let peer: FakeGrafana;
  let prometheus: RunningServer;
  let opsbot: TestOpsbot;
  beforeAll(async () => {
    [peer, prometheus] = await Promise.all([startFakeGrafana({ token: GRAFANA_TOKEN, dashboards: GRAFANA_DASHBOARDS }), startPrometheus(fleetOpenMetrics(FLEET, span))]);
    peer.renderer = 'absent-404';
    opsbot = await testOpsbot({ overrides: { backends: grafanaBackends(peer, prometheus) }, env: { GRAFANA_TOKEN }, now: () => span.clock });
  }, 30_000);
  afterAll(async () => {
    await opsbot?.cleanup();
    await peer?.stop();
    await prometheus?.cleanup();
  });

  it('"dashboard checkout api" is the link plus opsbot\'s chart of the panels\' targets with the variables put in', async () => {
    const outcome = await ask(opsbot, 'dashboard checkout api');
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    expect(outcome.text).toContain("Grafana's image renderer did not draw it (HTTP 404, Not found); drawn by opsbot from the panels' PromQL instead.");
    const chart = chartOf(outcome.data)!;
    expect(chart.url).toContain('var-service=api&var-env=production');
    expect(chart.panels.map((panel) => panel.title)).toEqual(['Checkout requests', 'Checkout errors']);
    // api's gateway and workers: 90 + 20 ok and 10 errors a second, by code; errors alone on the second panel.
    const requests = Object.fromEntries(chart.panels[0]!.lines.map((line) => [line.label, line.points.at(-1)![1]]));
    expect(requests['code=200']).toBeCloseTo(110, 0);
    expect(requests['code=500']).toBeCloseTo(10, 0);
    expect(chart.panels[1]!.lines.at(0)!.points.at(-1)![1]).toBeCloseTo(10, 0);
    expect(outcome.text).toMatch(/• Checkout requests: code=200 1[01]\d(\.\d)?, code=500 (9\.\d\d|10\.\d)\n/);
  });
});
