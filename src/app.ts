import { AuditLog } from './audit/audit-log.js';
import { CachedOnCall } from './backends/cached-oncall.js';
import { createDemoBackends } from './backends/demo/index.js';
import type { Backends } from './backends/ports.js';
import { loadConfig } from './app/load-config.js';
import { ConfigError } from './errors.js';
import { registerSecret } from './util/redact.js';
import type { Config } from './config/schema.js';
import { Gateway } from './gateway/gateway.js';
import { PolicyEngine } from './policies/policy-engine.js';
import { type GroupDirectory, RoleResolver } from './policies/role-resolver.js';
import { ActionsRepository } from './store/actions-repository.js';
import { KvRepository } from './store/kv-repository.js';
import { openStore, type Store } from './store/open-store.js';
import { createRegistry } from './tools/index.js';
import type { ToolRegistry } from './tools/registry.js';

const ONCALL_REFRESH_MS = 5 * 60_000;

/** Everything wired together: what each front end (shell, CLI, Slack, MCP) is handed. */
export interface Opsbot {
  config: Config;
  configSource: string;
  store: Store;
  kv: KvRepository;
  audit: AuditLog;
  actions: ActionsRepository;
  registry: ToolRegistry;
  policy: PolicyEngine;
  backends: Backends;
  gateway: Gateway;
  close(): Promise<void>;
}

export interface OpsbotOptions {
  /** Validated config; when absent, loaded from OPSBOT_CONFIG / ./opsbot.yaml / the demo. */
  config?: Config;
  configSource?: string;
  dataDir?: string;
  databaseUrl?: string;
  /** In-memory SQLite (tests). */
  memory?: boolean;
  now?: () => Date;
  /** Slack user-group membership, when roles are mapped to groups. */
  groups?: GroupDirectory;
  /** Replace individual backend ports (real adapters, or test doubles that implement the port). */
  backends?: Partial<Omit<Backends, 'records'>>;
  env?: NodeJS.ProcessEnv;
}

/** The composition root. Start-up also recovers actions interrupted by a crash (DESIGN §3). */
export async function createOpsbot(options: OpsbotOptions = {}): Promise<Opsbot> {
  const env = options.env ?? process.env;
  const loaded = options.config ? { config: options.config, source: options.configSource ?? 'given' } : loadConfig({ env });
  const config = loaded.config;
  const store = await openStore({
    databaseUrl: options.databaseUrl ?? (options.memory ? undefined : env.DATABASE_URL),
    dataDir: options.dataDir ?? env.OPSBOT_DATA_DIR ?? '.opsbot',
    memory: options.memory,
  });
  try {
    const now = options.now ?? (() => new Date());
    const kv = new KvRepository(store);
    const auditKey = env.OPSBOT_AUDIT_KEY || undefined;
    registerSecret(auditKey);
    const audit = new AuditLog(store, now, auditKey);
    const actions = new ActionsRepository(store);
    const registry = createRegistry(config);
    const policy = new PolicyEngine(config.policies, new RoleResolver(config.policies, options.groups));
    const demo = createDemoBackends({ store, config, now });
    const chosen = { ...demo, ...(await configuredAdapters(config, env, now, kv)), ...options.backends };
    const oncall = new CachedOnCall(chosen.oncall, kv, now);
    // A remote on-call source is read ahead in the background, so an outage finds a warm cache (DESIGN §8).
    const stopRefresh = config.backends.oncall.adapter === 'pagerduty' && !options.backends?.oncall ? oncall.refreshEvery(ONCALL_REFRESH_MS, config.teams.map((team) => team.name)) : () => undefined;
    const backends: Backends = {
      ...chosen,
      oncall,
      records: { searchAudit: (filter) => audit.search(filter), getAction: (id) => actions.get(id) },
    };
    const gateway = new Gateway({ registry, policy, actions, audit, backends, config, now });
    await gateway.recoverInterrupted();
    const close = () => {
      stopRefresh();
      return store.close();
    };
    return { config, configSource: loaded.source, store, kv, audit, actions, registry, policy, backends, gateway, close };
  } catch (error) {
    // A half-started opsbot must not keep a database pool (and with it the process) alive.
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** Real adapters chosen in config (DESIGN §8); every port not named here keeps its demo adapter. */
async function configuredAdapters(config: Config, env: NodeJS.ProcessEnv, now: () => Date, kv: KvRepository): Promise<Partial<Omit<Backends, 'records'>>> {
  const adapters: Partial<Omit<Backends, 'records'>> = {};
  const releases = config.backends.releases;
  if (releases.adapter === 'github') {
    const token = env.GITHUB_TOKEN;
    if (!token) throw new ConfigError(['backends.releases: the github adapter needs GITHUB_TOKEN in the environment']);
    // Loaded only when configured: Octokit is not needed to start the demo, the shell or the MCP server.
    const { GitHubReleases } = await import('./backends/github/github-releases.js');
    adapters.releases = new GitHubReleases({ repository: releases.repository, integrationBranch: releases.integrationBranch, label: releases.label, token, apiUrl: releases.apiUrl, now });
  }
  const { metrics, alerts, runbooks } = config.backends;
  if (metrics.adapter === 'prometheus') {
    const { PrometheusMetrics } = await import('./backends/prometheus/prometheus-metrics.js');
    adapters.metrics = new PrometheusMetrics({ config: metrics, token: secretFrom(env, metrics.token, 'backends.metrics.token'), services: config.services, now });
  }
  if (alerts.adapter === 'alertmanager') {
    const { AlertmanagerAlerts } = await import('./backends/alertmanager/alertmanager-alerts.js');
    adapters.alerts = new AlertmanagerAlerts({ config: alerts, token: secretFrom(env, alerts.token, 'backends.alerts.token'), now });
  }
  if (runbooks.adapter === 'files') {
    const { FileRunbooks } = await import('./backends/files/file-runbooks.js');
    adapters.runbooks = new FileRunbooks(runbooks.dir);
  }
  const { oncall, paging, incidents } = config.backends;
  if ([oncall, paging, incidents].some((backend) => backend.adapter === 'pagerduty')) {
    const { createPagerDutyBackends } = await import('./backends/pagerduty/index.js');
    Object.assign(adapters, createPagerDutyBackends({ config, env, kv, now }));
  }
  const deploys = config.backends.deploys;
  if (deploys.adapter === 'github') {
    const token = env.GITHUB_TOKEN;
    if (!token) throw new ConfigError(['backends.deploys: the github adapter needs GITHUB_TOKEN in the environment']);
    const { GitHubDeploys } = await import('./backends/github/github-deploys.js');
    const { DeploymentTracking } = await import('./backends/github/deployment-tracking.js');
    adapters.deploys = new GitHubDeploys({ config, token, apiUrl: deploys.apiUrl, workflow: deploys.workflow, statusTimeoutMinutes: deploys.statusTimeoutMinutes, tracking: new DeploymentTracking(kv), now });
  }
  return adapters;
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
