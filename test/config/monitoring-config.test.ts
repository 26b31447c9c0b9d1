import { describe, expect, it } from 'vitest';
import { createOpsbot } from '../../src/app.js';
import { MetricQueries } from '../../src/backends/prometheus/metric-queries.js';
import { DEFAULT_QUERIES, type PrometheusConfig } from '../../src/config/monitoring-schema.js';
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
  it('default to the demo, each on its own', () => {
    expect(validateConfig(demoConfig).backends).toMatchObject({ metrics: { adapter: 'demo' }, alerts: { adapter: 'demo' }, runbooks: { adapter: 'demo' } });
    const mixed = validateConfig({ ...demoConfig, backends: { alerts: { adapter: 'alertmanager', url: 'http://127.0.0.1:9093' } } }).backends;
    expect(mixed).toMatchObject({ metrics: { adapter: 'demo' }, alerts: { adapter: 'alertmanager', url: 'http://127.0.0.1:9093', timeoutSeconds: 5 }, runbooks: { adapter: 'demo' } });
  });

  it('needs only the URL for Prometheus: the default metric contract, labels and thresholds fill in', () => {
    const metrics = validateConfig({ ...demoConfig, backends: { metrics: { adapter: 'prometheus', url: 'http://127.0.0.1:9090', token: 'env:PROMETHEUS_TOKEN' } } }).backends.metrics;
    expect(metrics).toEqual({
      adapter: 'prometheus',
      url: 'http://127.0.0.1:9090',
      token: 'env:PROMETHEUS_TOKEN',
      timeoutSeconds: 5,
      window: '5m',
      labels: { service: 'service', environment: 'environment', component: 'component' },
      queries: DEFAULT_QUERIES,
      thresholds: { errorRatePercent: 5, latencyP95Ms: 1000 },
    });
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

  it('fills templates with the configured label names, escaping values', () => {
    const config = validateConfig({ ...demoConfig, backends: { metrics: { adapter: 'prometheus', url: 'http://127.0.0.1:9090', labels: { service: 'app', environment: 'namespace', component: 'job' }, queries: { up: 'up{job="$service-$component",$selector}' } } } }).backends.metrics as PrometheusConfig;
    const queries = new MetricQueries(config);
    expect(queries.build('requests', { service: 'api', environment: 'production', component: 'gateway' })).toBe('sum(rate(http_requests_total{app="api",namespace="production",job="gateway"}[5m]))');
    expect(queries.build('up', { service: 'api', environment: 'production', component: 'gateway' })).toBe('up{job="api-gateway",app="api",namespace="production",job="gateway"}');
    expect(queries.selector({ service: 'a"b\\c', environment: 'e' })).toBe('app="a\\"b\\\\c",namespace="e"');
  });

  it('refuses to start when the token variable it names is not set', async () => {
    const config = validateConfig({ ...demoConfig, backends: { metrics: { adapter: 'prometheus', url: 'http://127.0.0.1:9090', token: 'env:PROMETHEUS_TOKEN' } } });
    await expect(createOpsbot({ config, memory: true, env: {} })).rejects.toThrow('backends.metrics.token: PROMETHEUS_TOKEN is not set in the environment');
  });
});
