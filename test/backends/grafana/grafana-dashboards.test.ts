import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GrafanaDashboards } from '../../../src/backends/grafana/grafana-dashboards.js';
import { type DashboardView, variableValues, withVariables } from '../../../src/backends/ports/dashboards.js';
import { ToolFailure } from '../../../src/errors.js';
import { decodePng } from '../../charts/png-checks.js';
import { type FakeGrafana, startFakeGrafana } from '../../support/fake-grafana-server.js';
import { freePort } from '../../support/monitoring-servers.js';
import { GRAFANA_DASHBOARDS, GRAFANA_TOKEN } from './grafana-fixture.js';

const FROM = new Date('2026-11-21T13:00:00Z');
const TO = new Date('2026-11-21T14:00:00Z');

describe('GrafanaDashboards over the loopback Grafana', () => {
  let peer: FakeGrafana;
  let grafana: GrafanaDashboards;
  beforeAll(async () => {
    peer = await startFakeGrafana({ token: GRAFANA_TOKEN, dashboards: GRAFANA_DASHBOARDS, subPath: '/grafana' });
    grafana = new GrafanaDashboards({ url: `${peer.url}/`, token: GRAFANA_TOKEN });
  });
  afterAll(() => peer.stop());

  async function checkout() {
    const found = await grafana.find('checkout');
    if (!found) throw new Error('checkout not found');
    return found;
  }

  it('finds by title through /api/search with a bearer token, then reads panels, targets and variables by uid', async () => {
    peer.requests.length = 0;
    const found = await checkout();
    expect(found).toMatchObject({ uid: 'Xk3checkout', title: 'Checkout', folder: 'Payments', url: `${peer.url}/d/Xk3checkout/checkout`, variables: { service: 'payments', env: 'staging' } });
    // The text panel has nothing to draw; the Loki and hidden targets are not opsbot's to run; Grafana's interval is 5m.
    expect(found.panels).toEqual([
      { id: 2, title: 'Checkout requests', queries: ['sum by (code) (rate(http_requests_total{service="$service",environment="$env"}[5m]))'] },
      { id: 3, title: 'Checkout errors', queries: ['sum(rate(http_requests_total{service="${service}",environment="$env",code=~"5.."}[5m]))'] },
    ]);
    expect(peer.requests.map((request) => request.path)).toEqual(['/api/dashboards/uid/checkout', '/api/search', '/api/dashboards/uid/Xk3checkout']);
    expect(peer.requests.every((request) => request.authorization === `Bearer ${GRAFANA_TOKEN}`)).toBe(true);
    expect(peer.requests[1]!.query.get('type')).toBe('dash-db');
    // Panels inside a collapsed row count.
    expect((await grafana.find('cpu-usage'))!.panels.map((panel) => panel.title)).toEqual(['CPU, production', 'CPU, staging']);
  });

  it('links with the absolute time range and the service and environment in the variables the dashboard declares', async () => {
    const found = await checkout();
    const variables = variableValues(found, { service: 'frontend', environment: 'production' });
    expect(variables).toEqual({ service: 'frontend', env: 'production' });
    const link = new URL(grafana.link(found, { from: FROM, to: TO, variables, width: 1, height: 1, panelId: 3 })!);
    expect(link.pathname).toBe('/grafana/d/Xk3checkout/checkout');
    expect(Object.fromEntries(link.searchParams)).toEqual({ from: String(FROM.getTime()), to: String(TO.getTime()), 'var-service': 'frontend', 'var-env': 'production', viewPanel: '3' });
    // A dashboard without those variables is not handed them.
    expect(variableValues((await grafana.find('cpu-usage'))!, { service: 'frontend', environment: 'production' })).toEqual({});
  });

  it('renders a dashboard through /render/d/… and a panel through /render/d-solo/… at the size, range and variables asked', async () => {
    const found = await checkout();
    const view: DashboardView = { from: FROM, to: TO, variables: { service: 'api', env: 'production' }, width: 800, height: 400, panelId: 2 };
    peer.requests.length = 0;
    const panel = await grafana.render(found, view);
    const whole = await grafana.render(found, { ...view, panelId: null, width: 1200, height: 900 });
    if (!('png' in panel) || !('png' in whole)) throw new Error('no png');
    expect([decodePng(panel.png).width, decodePng(panel.png).height]).toEqual([800, 400]);
    expect([decodePng(whole.png).width, decodePng(whole.png).height]).toEqual([1200, 900]);
    const [solo, dashboard] = peer.requests;
    expect(solo!.path).toBe('/render/d-solo/Xk3checkout/checkout');
    expect(Object.fromEntries(solo!.query)).toEqual({ from: String(FROM.getTime()), to: String(TO.getTime()), 'var-service': 'api', 'var-env': 'production', width: '800', height: '400', tz: 'UTC', panelId: '2' });
    expect(dashboard!.path).toBe('/render/d/Xk3checkout/checkout');
    expect(dashboard!.query.has('panelId')).toBe(false);
  });

  it('says the renderer is absent for a 404, a 500, or Grafana\'s stock picture instead of the panel', async () => {
    const found = await checkout();
    const view: DashboardView = { from: FROM, to: TO, variables: {}, width: 800, height: 400, panelId: 2 };
    try {
      for (const [mode, reason] of [
        ['absent-404', /HTTP 404, Not found/],
        ['absent-500', /HTTP 500, Rendering failed: no image renderer available\/installed/],
        ['absent-placeholder', /not installed/],
      ] as const) {
        peer.renderer = mode;
        const rendered = await grafana.render(found, view);
        expect('unavailable' in rendered && rendered.unavailable).toMatch(reason);
      }
    } finally {
      peer.renderer = 'installed';
    }
  });

  it('answers an unknown uid or title with null, and a wrong token with Grafana\'s message and never the token', async () => {
    expect(await grafana.find('nothing-like-this')).toBeNull();
    const wrong = new GrafanaDashboards({ url: peer.url, token: 'glsa_wrongTokenValueThatIsLongEnough_000' });
    const failure = await wrong.list().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ToolFailure);
    expect((failure as Error).message).toBe('Grafana refused (HTTP 401, Invalid API key): check the service account token');
    expect((failure as Error).message).not.toContain('glsa_');
  });

  it('bounds every call: a Grafana that does not answer is a readable failure, not a hang', async () => {
    const slow = new GrafanaDashboards({ url: peer.url, token: GRAFANA_TOKEN, timeoutMs: 200 });
    peer.delayMs = 1000;
    try {
      await expect(slow.list()).rejects.toThrow(`Grafana at ${peer.url} did not answer within 0.2 s`);
    } finally {
      peer.delayMs = 0;
    }
    const nobody = `http://127.0.0.1:${await freePort()}`;
    await expect(new GrafanaDashboards({ url: nobody, token: GRAFANA_TOKEN }).list()).rejects.toThrow(`Grafana at ${nobody} is unreachable (ECONNREFUSED)`);
  });

  it('puts variable values into a target, "All" as .*', () => {
    expect(withVariables('x{service="$service",env="${env}",pod=~"[[pod]]",job="$job"}', { service: 'api', env: 'production', pod: '' })).toBe('x{service="api",env="production",pod=~".*",job="$job"}');
  });
});
