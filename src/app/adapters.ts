import type { ExternalBackends, PortName } from '../backends/backends.js';
import type { DemoBackends } from '../backends/demo/index.js';
import { unconfiguredPort } from '../backends/unconfigured.js';
import type { Config } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { KvRepository } from '../store/kv-repository.js';
import { registerSecret } from '../util/redact.js';

/** What an adapter loader may use: the config, the environment for secrets, the store, the clock, and the demo adapters. */
export interface AdapterContext {
  config: Config;
  env: NodeJS.ProcessEnv;
  kv: KvRepository;
  now: () => Date;
  demo: DemoBackends;
  /** One value per key for this start-up, so ports of one vendor share a client (PagerDuty's three ports). */
  shared<T>(key: string, make: () => T): T;
}

/** Builds one port's adapter; real adapters are imported only when configured, so the demo starts without their SDKs. */
type Loader<P extends PortName> = (context: AdapterContext) => Promise<ExternalBackends[P]>;

/** The adapter names the config schema allows for a port. */
type AdapterName<P extends PortName> = Config['backends'][P]['adapter'];

/**
 * The one table of adapters (DESIGN §8): port → adapter name → lazy loader. Typed against the config schema, so a
 * new adapter in `backends.<port>.adapter` does not compile until it has a loader here.
 */
export const ADAPTERS: { [P in PortName]: { [A in AdapterName<P>]: Loader<P> } } = {
  releases: {
    demo: async ({ demo }) => demo.releases,
    none: async () => unconfiguredPort('releases'),
    github: async ({ config, env, now }) => {
      const releases = config.backends.releases;
      if (releases.adapter !== 'github') throw new Error('releases: github loader for another adapter');
      const token = githubToken(env, 'backends.releases');
      const { GitHubReleases } = await import('../backends/github/github-releases.js');
      return new GitHubReleases({ repository: releases.repository, integrationBranch: releases.integrationBranch, label: releases.label, token, apiUrl: releases.apiUrl, now });
    },
  },
  metrics: {
    demo: async ({ demo }) => demo.metrics,
    none: async () => unconfiguredPort('metrics'),
    prometheus: async ({ config, env, now }) => {
      const metrics = config.backends.metrics;
      if (metrics.adapter !== 'prometheus') throw new Error('metrics: prometheus loader for another adapter');
      const { PrometheusMetrics } = await import('../backends/prometheus/prometheus-metrics.js');
      return new PrometheusMetrics({ config: metrics, ...credentialsFrom(env, metrics, 'backends.metrics'), services: config.services, now });
    },
  },
  alerts: {
    demo: async ({ demo }) => demo.alerts,
    none: async () => unconfiguredPort('alerts'),
    alertmanager: async ({ config, env, now }) => {
      const alerts = config.backends.alerts;
      if (alerts.adapter !== 'alertmanager') throw new Error('alerts: alertmanager loader for another adapter');
      const { AlertmanagerAlerts } = await import('../backends/alertmanager/alertmanager-alerts.js');
      return new AlertmanagerAlerts({ config: alerts, ...credentialsFrom(env, alerts, 'backends.alerts'), now, services: config.services });
    },
  },
  runbooks: {
    demo: async ({ demo }) => demo.runbooks,
    none: async () => unconfiguredPort('runbooks'),
    files: async ({ config }) => {
      const runbooks = config.backends.runbooks;
      if (runbooks.adapter !== 'files') throw new Error('runbooks: files loader for another adapter');
      const { FileRunbooks } = await import('../backends/files/file-runbooks.js');
      return new FileRunbooks(runbooks.dir);
    },
  },
  oncall: {
    demo: async ({ demo }) => demo.oncall,
    none: async () => unconfiguredPort('oncall'),
    pagerduty: async (context) => (await pagerDuty(context)).oncall!,
  },
  paging: {
    demo: async ({ demo }) => demo.paging,
    none: async () => unconfiguredPort('paging'),
    pagerduty: async (context) => (await pagerDuty(context)).paging!,
  },
  incidents: {
    demo: async ({ demo }) => demo.incidents,
    none: async () => unconfiguredPort('incidents'),
    pagerduty: async (context) => (await pagerDuty(context)).incidents!,
  },
  dashboards: {
    config: async ({ demo }) => demo.dashboards,
    grafana: async ({ config, env }) => {
      const dashboards = config.backends.dashboards;
      if (dashboards.adapter !== 'grafana') throw new Error('dashboards: grafana loader for another adapter');
      const { GrafanaDashboards } = await import('../backends/grafana/grafana-dashboards.js');
      return new GrafanaDashboards({ url: dashboards.url, token: secretFrom(env, dashboards.token, 'backends.dashboards.token')! });
    },
  },
  deploys: {
    demo: async ({ demo }) => demo.deploys,
    none: async () => unconfiguredPort('deploys'),
    github: async ({ config, env, kv, now }) => {
      const deploys = config.backends.deploys;
      if (deploys.adapter !== 'github') throw new Error('deploys: github loader for another adapter');
      const token = githubToken(env, 'backends.deploys');
      const [{ GitHubDeploys }, { DeploymentTracking }] = await Promise.all([import('../backends/github/github-deploys.js'), import('../backends/github/deployment-tracking.js')]);
      return new GitHubDeploys({ config, token, apiUrl: deploys.apiUrl, workflow: deploys.workflow, statusTimeoutMinutes: deploys.statusTimeoutMinutes, tracking: new DeploymentTracking(kv), now });
    },
    kubernetes: async (context) => {
      if (context.config.backends.workloads.adapter !== 'kubernetes') throw new ConfigError(['backends.deploys.adapter: kubernetes deploys need backends.workloads.adapter: kubernetes (it names the clusters and namespaces)']);
      const { KubernetesDeploys } = await import('../backends/kubernetes/kubernetes-deploys.js');
      return new KubernetesDeploys(context.config, await kubernetes(context), context.now);
    },
  },
  workloads: {
    demo: async ({ demo }) => demo.workloads,
    none: async () => unconfiguredPort('workloads'),
    kubernetes: (context) => kubernetes(context),
  },
};

/** The order ports are loaded in, which is the order their configuration errors are reported in. */
const LOAD_ORDER: readonly PortName[] = ['releases', 'metrics', 'alerts', 'runbooks', 'dashboards', 'oncall', 'paging', 'incidents', 'deploys', 'workloads'];

/** Every port with the adapter its config names (config fills in the demo, or `none` beside a real adapter). */
export async function loadAdapters(context: Omit<AdapterContext, 'shared'>): Promise<ExternalBackends> {
  const values = new Map<string, unknown>();
  const shared = <T>(key: string, make: () => T): T => {
    if (!values.has(key)) values.set(key, make());
    return values.get(key) as T;
  };
  const full: AdapterContext = { ...context, shared };
  const loaded: Partial<ExternalBackends> = {};
  for (const port of LOAD_ORDER) await loadPort(port, full, loaded);
  return loaded as ExternalBackends;
}

async function loadPort<P extends PortName>(port: P, context: AdapterContext, into: Partial<ExternalBackends>): Promise<void> {
  const name = context.config.backends[port].adapter as AdapterName<P>;
  const loaders: Record<string, Loader<P> | undefined> = ADAPTERS[port];
  const load = loaders[name];
  if (!load) throw new ConfigError([`backends.${port}.adapter: no adapter "${String(name)}"`]);
  into[port] = await load(context);
}

/** The three PagerDuty ports share one client and one people directory. */
function pagerDuty(context: AdapterContext) {
  return context.shared('pagerduty', async () => {
    const { createPagerDutyBackends } = await import('../backends/pagerduty/index.js');
    return createPagerDutyBackends({ config: context.config, env: context.env, kv: context.kv, now: context.now });
  });
}

/** One set of Kubernetes clients for the workloads and deploys ports. */
function kubernetes(context: AdapterContext) {
  return context.shared('kubernetes', async () => {
    const workloads = context.config.backends.workloads;
    if (workloads.adapter !== 'kubernetes') throw new Error('workloads: kubernetes loader for another adapter');
    const [{ environmentClients }, { KubernetesWorkloads }] = await Promise.all([import('../backends/kubernetes/kubernetes-client.js'), import('../backends/kubernetes/kubernetes-workloads.js')]);
    return new KubernetesWorkloads(context.config, environmentClients(workloads, context.env));
  });
}

function githubToken(env: NodeJS.ProcessEnv, path: string): string {
  const token = env.GITHUB_TOKEN;
  if (!token) throw new ConfigError([`${path}: the github adapter needs GITHUB_TOKEN in the environment`]);
  return token;
}

/** A backend's `token` or `basicAuth` (one of them), the secrets read from the environment. */
function credentialsFrom(env: NodeJS.ProcessEnv, backend: { token?: string; basicAuth?: { user: string; password: string } }, path: string): { token?: string; basicAuth?: { user: string; password: string } } {
  if (backend.token && backend.basicAuth) throw new ConfigError([`${path}: token and basicAuth are both set; keep one`]);
  if (backend.basicAuth) return { basicAuth: { user: backend.basicAuth.user, password: secretFrom(env, backend.basicAuth.password, `${path}.basicAuth.password`)! } };
  return { token: secretFrom(env, backend.token, `${path}.token`) };
}

/** The value of an `env:NAME` reference; a named but unset variable is a config error, not a silent anonymous call. */
function secretFrom(env: NodeJS.ProcessEnv, reference: string | undefined, path: string): string | undefined {
  if (!reference) return undefined;
  const name = reference.slice('env:'.length);
  const value = env[name];
  if (!value) throw new ConfigError([`${path}: ${name} is not set in the environment`]);
  registerSecret(value);
  return value;
}
