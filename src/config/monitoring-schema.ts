import { z } from 'zod';
import { CONVENTION_NAMES } from './metric-conventions.js';
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

/** `{job="checkout", handler!~"/admin.*"}`: PromQL label matchers in braces, as written in a vector selector. */
const MATCHER = String.raw`\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*`;
const SELECTOR = new RegExp(String.raw`^\{(?:${MATCHER}(?:,${MATCHER})*,?)?\s*\}$`);
/** A selector that may be empty (`{}`: an environment whose Prometheus holds only it). */
export const selectorSchema = z.string().trim().regex(SELECTOR, 'must be PromQL label matchers in braces, like {job="checkout"}');
/** A selector that finds something: Prometheus refuses `up{}`. */
const narrowingSelector = selectorSchema.refine((selector) => selector.replace(/[{}\s,]/g, '') !== '', 'must hold at least one label matcher, like {job="checkout"}');

/** Query templates by figure; any left out come from the conventions (src/config/metric-conventions.ts). */
export const queriesSchema = z.strictObject({
  requests: queryTemplate.optional(),
  errorRate: queryTemplate.optional(),
  latencyP95: queryTemplate.optional(),
  cpu: queryTemplate.optional(),
  up: queryTemplate.optional(),
  criticalAlerts: queryTemplate.optional(),
});
/** The figures a template can be given for. */
export type QueryName = keyof z.output<typeof queriesSchema>;
export const QUERY_NAMES: QueryName[] = ['requests', 'errorRate', 'latencyP95', 'cpu', 'up', 'criticalAlerts'];

const DEFAULT_THRESHOLDS = { errorRatePercent: 5, latencyP95Ms: 1000 };
const componentName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

/** `services[].metrics`: how one service's series are found and named, where it differs from the backend's defaults. */
export const serviceMetricsSchema = z.strictObject({
  /** Default `{service="NAME"}` (the conventions' service label). */
  selector: narrowingSelector.optional(),
  conventions: z.enum(CONVENTION_NAMES).optional(),
  /** Components as selectors, each replacing the service's; none: the service is one component. */
  components: z.record(componentName, narrowingSelector).optional(),
  queries: queriesSchema.optional(),
});

/** `services[].alerts`: the alert labels that say an alert is this service's (`{job: checkout}`). */
export const serviceAlertsSchema = z.strictObject({
  matchers: z.record(labelName, z.string().min(1)).refine((matchers) => Object.keys(matchers).length > 0, 'name at least one label'),
});

export const metricsBackendSchema = z
  .discriminatedUnion('adapter', [
    z.strictObject({ adapter: z.literal('demo') }),
    z.strictObject({ adapter: z.literal('none') }),
    z.strictObject({
      adapter: z.literal('prometheus'),
      /** Prometheus base URL, e.g. http://127.0.0.1:9090; optional when every environment has its own. */
      url: configUrl.optional(),
      /** Optional bearer token, only ever from the environment. */
      token: secretReference.optional(),
      /** Or basic authentication; not both. */
      basicAuth: basicAuth.optional(),
      /** One Prometheus per environment (or cluster), and/or matchers that pick an environment's series. */
      environments: z.record(componentName, z.strictObject({ url: configUrl.optional(), selector: selectorSchema.optional() })).default({}),
      /** How request metrics are named, unless a service says otherwise. */
      conventions: z.enum(CONVENTION_NAMES).default('otel'),
      /** Each answer's queries share this bound; past it the figure is UNKNOWN, never stale. */
      timeoutSeconds: z.number().positive().max(60).default(5),
      /** The range of `rate()` in the default queries (`$window`). */
      window: z.string().regex(/^\d+[smhd]$/, 'must be a PromQL duration like 5m').default('5m'),
      /**
       * Labels read when a service gives no selector: `service` names it (default: the conventions' label); with
       * `environment`, an environment without a selector of its own is `{environment="NAME"}`; with `component`, the
       * catalog's components are `{component="NAME"}`. None is required.
       */
      labels: z.strictObject({ service: labelName.optional(), environment: labelName.optional(), component: labelName.optional() }).default({}),
      queries: queriesSchema.default({}),
      /** A component is DEGRADED above either. */
      thresholds: z
        .strictObject({ errorRatePercent: z.number().positive().default(5), latencyP95Ms: z.number().positive().default(1000) })
        .default(DEFAULT_THRESHOLDS),
    }),
  ])
  .optional();

export const alertsBackendSchema = z
  .discriminatedUnion('adapter', [
    z.strictObject({ adapter: z.literal('demo') }),
    z.strictObject({ adapter: z.literal('none') }),
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
  .optional();

export const runbooksBackendSchema = z
  .discriminatedUnion('adapter', [
    z.strictObject({ adapter: z.literal('demo') }),
    z.strictObject({ adapter: z.literal('none') }),
    z.strictObject({
      adapter: z.literal('files'),
      /** A folder of Markdown files, one runbook each; relative to the working directory. */
      dir: z.string().min(1),
    }),
  ])
  .optional();

/** Validated `backends.metrics` for Prometheus. */
export type PrometheusConfig = Extract<z.output<typeof metricsBackendSchema>, { adapter: 'prometheus' }>;
/** Validated `backends.alerts` for Alertmanager. */
export type AlertmanagerConfig = Extract<z.output<typeof alertsBackendSchema>, { adapter: 'alertmanager' }>;
