import { z } from 'zod';
import { configUrl } from './url-schema.js';

/**
 * Config of the metrics, alerts and runbooks ports (`backends.metrics|alerts|runbooks`): the demo by default,
 * or Prometheus, Alertmanager and a folder of Markdown runbooks.
 */

/** Placeholders a query template may use; `$selector` is the label matchers of the service, environment and component. */
export const QUERY_PLACEHOLDERS = ['selector', 'service', 'environment', 'component', 'window'] as const;

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name');
const secretReference = z.string().regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, 'must be env:NAME (secrets come only from the environment)');
/** HTTP basic authentication (a proxy in front of Prometheus or Alertmanager); the password only from the environment. */
const basicAuth = z.strictObject({ user: z.string().min(1).regex(/^[^:]*$/, 'must not contain ":"'), password: secretReference });

/** A PromQL template: every `$word` must be a known placeholder, and it must narrow to the service somehow. */
const queryTemplate = z
  .string()
  .min(1)
  .superRefine((template, context) => {
    // A bare `$` (a regex anchor in a matcher) is not a placeholder.
    const used = [...template.matchAll(/\$([A-Za-z_]\w*)/g)].map((match) => match[1]!);
    const unknown = used.filter((word) => !(QUERY_PLACEHOLDERS as readonly string[]).includes(word));
    if (unknown.length) {
      context.addIssue({ code: 'custom', message: `unknown placeholder ${unknown.map((word) => `$${word}`).join(', ')} (known: ${QUERY_PLACEHOLDERS.map((word) => `$${word}`).join(', ')})` });
    } else if (!used.includes('selector') && !used.includes('service')) {
      // Without either, every service would report the same figure.
      context.addIssue({ code: 'custom', message: 'must use $selector or $service, or every service would show the same figure' });
    }
  });

/** The default metric contract (README "Metrics from Prometheus"); each query can be overridden. */
export const DEFAULT_QUERIES = {
  requests: 'sum(rate(http_requests_total{$selector}[$window]))',
  errorRate: '100 * sum(rate(http_requests_total{$selector,code=~"5.."}[$window])) / sum(rate(http_requests_total{$selector}[$window]))',
  latencyP95: '1000 * histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{$selector}[$window])))',
  cpu: '100 * avg(rate(process_cpu_seconds_total{$selector}[$window]))',
  up: 'up{$selector}',
  criticalAlerts: 'ALERTS{$selector,alertstate="firing",severity="critical"}',
};

const DEFAULT_LABELS = { service: 'service', environment: 'environment', component: 'component' };
const DEFAULT_THRESHOLDS = { errorRatePercent: 5, latencyP95Ms: 1000 };

const queriesSchema = z.strictObject({
  requests: queryTemplate.default(DEFAULT_QUERIES.requests),
  errorRate: queryTemplate.default(DEFAULT_QUERIES.errorRate),
  latencyP95: queryTemplate.default(DEFAULT_QUERIES.latencyP95),
  cpu: queryTemplate.default(DEFAULT_QUERIES.cpu),
  up: queryTemplate.default(DEFAULT_QUERIES.up),
  criticalAlerts: queryTemplate.default(DEFAULT_QUERIES.criticalAlerts),
});

export const metricsBackendSchema = z
  .discriminatedUnion('adapter', [
    z.strictObject({ adapter: z.literal('demo') }),
    z.strictObject({
      adapter: z.literal('prometheus'),
      /** Prometheus base URL, e.g. http://127.0.0.1:9090 */
      url: configUrl,
      /** Optional bearer token, only ever from the environment. */
      token: secretReference.optional(),
      /** Or basic authentication; not both. */
      basicAuth: basicAuth.optional(),
      /** Each answer's queries share this bound; past it the figure is UNKNOWN, never stale. */
      timeoutSeconds: z.number().positive().max(60).default(5),
      /** The range of `rate()` in the default queries (`$window`). */
      window: z.string().regex(/^\d+[smhd]$/, 'must be a PromQL duration like 5m').default('5m'),
      labels: z
        .strictObject({ service: labelName.default('service'), environment: labelName.default('environment'), component: labelName.default('component') })
        .default(DEFAULT_LABELS),
      queries: queriesSchema.default(DEFAULT_QUERIES),
      /** A component is DEGRADED above either. */
      thresholds: z
        .strictObject({ errorRatePercent: z.number().positive().default(5), latencyP95Ms: z.number().positive().default(1000) })
        .default(DEFAULT_THRESHOLDS),
    }),
  ])
  .default({ adapter: 'demo' });

export const alertsBackendSchema = z
  .discriminatedUnion('adapter', [
    z.strictObject({ adapter: z.literal('demo') }),
    z.strictObject({
      adapter: z.literal('alertmanager'),
      /** Alertmanager base URL, e.g. http://127.0.0.1:9093 */
      url: configUrl,
      /** Optional bearer token (a proxy in front of Alertmanager), only ever from the environment. */
      token: secretReference.optional(),
      /** Or basic authentication; not both. */
      basicAuth: basicAuth.optional(),
      timeoutSeconds: z.number().positive().max(60).default(5),
      /** Alert labels that name the service and environment. */
      labels: z.strictObject({ service: labelName.default('service'), environment: labelName.default('environment') }).default({ service: 'service', environment: 'environment' }),
    }),
  ])
  .default({ adapter: 'demo' });

export const runbooksBackendSchema = z
  .discriminatedUnion('adapter', [
    z.strictObject({ adapter: z.literal('demo') }),
    z.strictObject({
      adapter: z.literal('files'),
      /** A folder of Markdown files, one runbook each; relative to the working directory. */
      dir: z.string().min(1),
    }),
  ])
  .default({ adapter: 'demo' });

/** Validated `backends.metrics` for Prometheus. */
export type PrometheusConfig = Extract<z.output<typeof metricsBackendSchema>, { adapter: 'prometheus' }>;
/** Validated `backends.alerts` for Alertmanager. */
export type AlertmanagerConfig = Extract<z.output<typeof alertsBackendSchema>, { adapter: 'alertmanager' }>;
