import type { FakeDashboard } from '../../support/fake-grafana-server.js';

export const GRAFANA_TOKEN = 'glsa_loopbackServiceAccountToken_0123456789abcdef';

const prometheus = { type: 'prometheus', uid: 'prom' };

/** The demo's two dashboards as a team keeps them in Grafana: PromQL targets, template variables, a collapsed row. */
export const GRAFANA_DASHBOARDS: FakeDashboard[] = [
  {
    uid: 'cpu-usage',
    title: 'CPU usage',
    folderTitle: 'Platform',
    panels: [
      { id: 1, type: 'timeseries', title: 'CPU, production', datasource: prometheus, targets: [{ refId: 'A', expr: '100 * sum by (service) (rate(process_cpu_seconds_total{environment="production"}[$__rate_interval]))' }] },
      {
        id: 9,
        type: 'row',
        title: 'Staging',
        collapsed: true,
        panels: [{ id: 2, type: 'timeseries', title: 'CPU, staging', datasource: prometheus, targets: [{ refId: 'A', expr: '100 * sum by (service) (rate(process_cpu_seconds_total{environment="staging"}[5m]))' }] }],
      },
    ],
  },
  {
    uid: 'Xk3checkout',
    title: 'Checkout',
    folderTitle: 'Payments',
    templating: {
      list: [
        { name: 'service', type: 'query', current: { text: 'payments', value: 'payments' } },
        { name: 'env', type: 'custom', current: { text: 'staging', value: 'staging' } },
      ],
    },
    panels: [
      { id: 2, type: 'timeseries', title: 'Checkout requests', datasource: prometheus, targets: [{ refId: 'A', expr: 'sum by (code) (rate(http_requests_total{service="$service",environment="$env"}[$__rate_interval]))' }] },
      {
        id: 3,
        type: 'timeseries',
        title: 'Checkout errors',
        targets: [
          { refId: 'A', datasource: prometheus, expr: 'sum(rate(http_requests_total{service="${service}",environment="$env",code=~"5.."}[5m]))' },
          { refId: 'B', datasource: { type: 'loki', uid: 'logs' }, expr: 'sum(count_over_time({app="checkout"} |= "error" [5m]))' },
          { refId: 'C', datasource: prometheus, expr: 'up', hide: true },
        ],
      },
      { id: 4, type: 'text', title: 'Runbook', options: { content: 'See the payments runbook.' } },
    ],
  },
];
