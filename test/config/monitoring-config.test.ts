import { describe, expect, it } from 'vitest';
import { createOpsbot } from '../../src/app.js';
import { MetricQueries } from '../../src/backends/prometheus/metric-queries.js';
import type { PrometheusConfig } from '../../src/config/monitoring-schema.js';
import { demoConfig } from '../../src/config/demo-config.js';
import { validateConfig } from '../../src/app/validate-config.js';
import { ConfigError } from '../../src/errors.js';

function issuesOf(backends: unknown): string[] {
  try {
    validateConfig({ ...demoConfig, backends });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('backends.metrics, backends.alerts and backends.runbooks', () => {
  it('are all the demo without backends; beside a real adapter, a port not named is none, and the demo must be written', () => {
    expect(validateConfig(demoConfig).backends).toEqual({
      releases: { adapter: 'demo' }, metrics: { adapter: 'demo' }, alerts: { adapter: 'demo' }, runbooks: { adapter: 'demo' },
      oncall: { adapter: 'demo' }, paging: { adapter: 'demo' }, incidents: { adapter: 'demo' }, deploys: { adapter: 'demo' }, workloads: { adapter: 'demo' }, dashboards: { adapter: 'config' },
    });
    expect(validateConfig({ ...demoConfig, backends: { runbooks: { adapter: 'demo' } } }).backends.deploys).toEqual({ adapter: 'demo' });
    const real = validateConfig({ ...demoConfig, backends: { alerts: { adapter: 'alertmanager', url: 'http://127.0.0.1:9093' }, runbooks: { adapter: 'demo' } } }).backends;
    expect(real).toEqual({
      releases: { adapter: 'none' }, metrics: { adapter: 'none' }, alerts: expect.objectContaining({ adapter: 'alertmanager', url: 'http://127.0.0.1:9093', timeoutSeconds: 5 }),
      runbooks: { adapter: 'demo' }, oncall: { adapter: 'none' }, paging: { adapter: 'none' }, incidents: { adapter: 'none' }, deploys: { adapter: 'none' },
      workloads: { adapter: 'none' }, dashboards: { adapter: 'config' },
    });
    // `none` is valid for every port, written or not.
    const ports = ['releases', 'metrics', 'alerts', 'runbooks', 'oncall', 'paging', 'incidents', 'deploys', 'workloads'] as const;
    const none = Object.fromEntries(ports.map((port) => [port, { adapter: 'none' }]));
    const validated = validateConfig({ ...demoConfig, backends: none }).backends;
    expect(ports.map((port) => validated[port].adapter)).toEqual(Array(ports.length).fill('none'));
  });

  it('needs only the URL for Prometheus: conventions, window and thresholds fill in, and no label is required', () => {
    const metrics = validateConfig({ ...demoConfig, backends: { metrics: { adapter: 'prometheus', url: 'http://127.0.0.1:9090', token: 'env:PROMETHEUS_TOKEN' } } }).backends.metrics;
    expect(metrics).toEqual({
      adapter: 'prometheus',
      url: 'http://127.0.0.1:9090',
      token: 'env:PROMETHEUS_TOKEN',
      environments: {},
      conventions: 'otel',
      timeoutSeconds: 5,
      window: '5m',
      labels: {},
      queries: {},
      thresholds: { errorRatePercent: 5, latencyP95Ms: 1000 },
    });
    const queries = new MetricQueries(metrics as PrometheusConfig);
    const api = { name: 'api', components: ['gateway'] };
    expect(queries.components(api)).toEqual(['api']);
    expect(queries.plan('errorRate', api, { service: 'api', environment: 'production', component: 'api' })).toEqual({
      figure: 'errorRate',
      query: '100 * (sum(rate(http_server_request_duration_seconds_count{service="api",http_response_status_code=~"5.."}[5m])) or vector(0)) / sum(rate(http_server_request_duration_seconds_count{service="api"}[5m]))',
      selector: '{service="api"}',
      url: 'http://127.0.0.1:9090',
    });
  });

  it('reads selectors, conventions, components and queries per service, and a URL and selector per environment', () => {
    const config = validateConfig({
      ...demoConfig,
      services: [
        { ...demoConfig.services[0]!, metrics: { selector: '{job="checkout"}', conventions: 'micrometer', components: { api: '{job="checkout", handler!~"/admin.*"}', worker: '{job="checkout-worker"}' }, queries: { latencyP95: 'max(my_p95_ms{$selector})' } } },
        { ...demoConfig.services[1]!, metrics: { selector: '{namespace="shop", container="api"}' } },
        ...demoConfig.services.slice(2),
      ],
      backends: { metrics: { adapter: 'prometheus', environments: { staging: { url: 'http://prom-staging:9090' }, production: { url: 'http://prom-prod:9090', selector: '{cluster="prod"}' } } } },
    });
    const queries = new MetricQueries(config.backends.metrics as PrometheusConfig);
    const [checkout, shop] = config.services;
    expect(queries.components(checkout!)).toEqual(['api', 'worker']);
    const worker = queries.plan('requests', checkout!, { service: checkout!.name, environment: 'production', component: 'worker' });
    expect(worker).toEqual({ figure: 'requests', query: 'sum(rate(http_server_requests_seconds_count{job="checkout-worker",cluster="prod"}[5m]))', selector: '{job="checkout-worker",cluster="prod"}', url: 'http://prom-prod:9090' });
    expect(queries.plan('latencyP95', checkout!, { service: checkout!.name, environment: 'staging' }).query).toBe('max(my_p95_ms{job="checkout"})');
    expect(queries.plan('errorRate', checkout!, { service: checkout!.name, environment: 'staging' })).toMatchObject({ query: expect.stringContaining('http_server_requests_seconds_count{job="checkout",status=~"5.."}'), url: 'http://prom-staging:9090' });
    // Selected by Kubernetes labels: CPU from cAdvisor's containers, not from a process metric the pod may not export.
    expect(queries.plan('cpu', shop!, { service: shop!.name, environment: 'staging' }).query).toBe('100 * avg(rate(container_cpu_usage_seconds_total{namespace="shop", container="api",container!="",container!="POD"}[5m]))');
    expect(queries.plan('cpu', checkout!, { service: checkout!.name, environment: 'staging' }).query).toBe('100 * avg(rate(process_cpu_seconds_total{job="checkout"}[5m]))');
  });

  it('names a bad selector, an unknown convention, an unknown environment and a missing URL by their exact paths', () => {
    const issues = (() => {
      try {
        validateConfig({
          ...demoConfig,
          services: [{ ...demoConfig.services[0]!, metrics: { selector: 'job=checkout', conventions: 'spring', components: { api: '{}' }, queries: { latencyP95: 'max(p95{$selector,$env})' } }, alerts: { matchers: { 'app-name': 'x' } } }, ...demoConfig.services.slice(1)],
          backends: { metrics: { adapter: 'prometheus', environments: { prod: { url: 'http://prom:9090' } } } },
        });
      } catch (error) {
        if (error instanceof ConfigError) return error.issues;
        throw error;
      }
      return [];
    })();
    expect(issues).toEqual(
      expect.arrayContaining([
        'services[0].metrics.selector: must be PromQL label matchers in braces, like {job="checkout"}',
        expect.stringMatching(/^services\[0\]\.metrics\.conventions: /),
        'services[0].metrics.components.api: must hold at least one label matcher, like {job="checkout"}',
        expect.stringMatching(/^services\[0\]\.alerts\.matchers\.app-name: /),
        'services[0].metrics.queries.latencyP95: unknown placeholder $env (known: $selector, $service, $environment, $component, $window)',
      ]),
    );
    expect(issuesOf({ metrics: { adapter: 'prometheus', environments: { prod: { url: 'http://prom:9090' } } } })).toEqual([
      'backends.metrics.environments.prod: unknown environment (environments: staging, production)',
      'backends.metrics.url: required unless every environment has its own url (none for staging, production)',
    ]);
  });

  it('names a bad query template, a bad label, a literal token and an unknown key by their exact paths', () => {
    const issues = issuesOf({
      metrics: {
        adapter: 'prometheus',
        url: 'http://127.0.0.1:9090',
        token: 'abc123',
        labels: { service: 'app-name' },
        queries: { errorRate: 'rate(errors{$servce}[5m])', cpu: 'avg(rate(process_cpu_seconds_total[5m]))' },
        threshold: { errorRatePercent: 2 },
      },
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        'backends.metrics.token: must be env:NAME (secrets come only from the environment)',
        'backends.metrics.labels.service: must be a Prometheus label name',
        'backends.metrics.queries.errorRate: unknown placeholder $servce (known: $selector, $service, $environment, $component, $window)',
        'backends.metrics.queries.cpu: must use $selector or $service, or every service would show the same figure',
      ]),
    );
    expect(issues).toContain('backends.metrics.threshold: unknown key (did you mean "thresholds"?)');
    expect(issuesOf({ runbooks: { adapter: 'files' } })).toEqual([expect.stringMatching(/^backends\.runbooks\.dir: /)]);
    expect(issuesOf({ alerts: { adapter: 'pagerduty' } })).toEqual([expect.stringMatching(/^backends\.alerts\.adapter: /)]);
  });

  it('fills templates with configured label names and placeholders, escaping values', () => {
    const config = validateConfig({ ...demoConfig, backends: { metrics: { adapter: 'prometheus', url: 'http://127.0.0.1:9090', conventions: 'prometheus', labels: { service: 'app', environment: 'namespace', component: 'job' }, queries: { up: 'up{job="$service-$component",$selector}' } } } }).backends.metrics as PrometheusConfig;
    const queries = new MetricQueries(config);
    const api = { name: 'api', components: ['gateway', 'workers'] };
    expect(queries.components(api)).toEqual(['gateway', 'workers']);
    expect(queries.plan('requests', api, { service: 'api', environment: 'production', component: 'gateway' }).query).toBe('sum(rate(http_requests_total{app="api",job="gateway",namespace="production"}[5m]))');
    expect(queries.plan('up', api, { service: 'api', environment: 'production', component: 'gateway' }).query).toBe('up{job="api-gateway",app="api",job="gateway",namespace="production"}');
    expect(queries.selector({ name: 'a"b\\c', components: ['x'] }, { service: 'a"b\\c', environment: 'e' })).toBe('{app="a\\"b\\\\c",namespace="e"}');
  });

  it('refuses to start when the token variable it names is not set', async () => {
    const config = validateConfig({ ...demoConfig, backends: { metrics: { adapter: 'prometheus', url: 'http://127.0.0.1:9090', token: 'env:PROMETHEUS_TOKEN' } } });
    await expect(createOpsbot({ config, memory: true, env: {} })).rejects.toThrow('backends.metrics.token: PROMETHEUS_TOKEN is not set in the environment');
  });
});
