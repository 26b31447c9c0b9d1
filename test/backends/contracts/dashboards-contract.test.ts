import { afterAll, beforeAll, describe } from 'vitest';
import { ConfigDashboards } from '../../../src/backends/config-dashboards.js';
import { GrafanaDashboards } from '../../../src/backends/grafana/grafana-dashboards.js';
import { type FakeGrafana, startFakeGrafana } from '../../support/fake-grafana-server.js';
import { testConfig } from '../../support/test-opsbot.js';
import { GRAFANA_DASHBOARDS, GRAFANA_TOKEN } from '../grafana/grafana-fixture.js';
import { dashboardsContract } from './dashboards-contract.js';

describe('config dashboards: the dashboards port contract', () => {
  const dashboards = new ConfigDashboards(testConfig().dashboards);
  dashboardsContract(() => ({ dashboards, known: { uid: 'checkout', title: 'Checkout', panels: ['Checkout requests', 'Checkout p95 latency', 'Checkout errors', 'Payment CPU'] } }));
});

for (const renderer of ['installed', 'absent-500'] as const) {
  describe(`Grafana (renderer ${renderer}) over its loopback peer: the dashboards port contract`, () => {
    let peer: FakeGrafana;
    let dashboards: GrafanaDashboards;
    beforeAll(async () => {
      peer = await startFakeGrafana({ token: GRAFANA_TOKEN, dashboards: GRAFANA_DASHBOARDS, subPath: '/grafana' });
      peer.renderer = renderer;
      dashboards = new GrafanaDashboards({ url: peer.url, token: GRAFANA_TOKEN });
    });
    afterAll(() => peer.stop());
    dashboardsContract(() => ({ dashboards, known: { uid: 'Xk3checkout', title: 'Checkout', panels: ['Checkout requests', 'Checkout errors'] } }));
  });
}
