import { createModelClient } from './agent/claude/model-client.js';
import { AuditLog } from './audit/audit-log.js';
import { usageSince } from './audit/usage.js';
import { incidentAnnouncementRows } from './bot/conversation/incident-announcements.js';
import { approvalCardRows } from './bot/outbox/approval-card-rows.js';
import { AnthropicWriter } from './backends/anthropic/anthropic-writer.js';
import { CachedOnCall } from './backends/cached-oncall.js';
import { createDemoBackends } from './backends/demo/index.js';
import { loadAdapters } from './app/adapters.js';
import { loadConfig } from './app/load-config.js';
import type { Backends, ExternalBackends } from './backends/backends.js';
import { registerSecret } from './util/redact.js';
import type { Config } from './config/schema.js';
import { Gateway } from './gateway/gateway.js';
import { RUN_LEASE_MS } from './gateway/action-lifecycle.js';
import { PolicyEngine } from './policies/policy-engine.js';
import type { GroupDirectory } from './backends/ports/user-groups.js';
import { RoleResolver } from './policies/role-resolver.js';
import { ActionsRepository } from './store/actions-repository.js';
import { DeployClaimsRepository } from './store/deploy-claims-repository.js';
import { DeployLocksRepository } from './store/deploy-locks-repository.js';
import { incidentRoomOf } from './store/incident-rooms.js';
import { KvRepository } from './store/kv-repository.js';
import { openStore, type Store } from './store/open-store.js';
import { OutboxRepository } from './store/outbox-repository.js';
import { createRegistry } from './tools/index.js';
import { WatchesRepository } from './store/watches-repository.js';

const ONCALL_REFRESH_MS = 5 * 60_000;

/** Everything wired together: what each front end (shell, CLI, Slack, MCP) is handed. */
export interface Opsbot {
  config: Config;
  configSource: string;
  store: Store;
  kv: KvRepository;
  audit: AuditLog;
  actions: ActionsRepository;
  /** What opsbot posts on its own, waiting for (or being sent by) a chat front end's worker. */
  outbox: OutboxRepository;
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
  backends?: Partial<ExternalBackends>;
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
    const chosen: ExternalBackends = { ...(await loadAdapters({ config, env, kv, now, demo })), ...options.backends };
    const oncall = new CachedOnCall(chosen.oncall, kv, now);
    // A remote on-call source is read ahead in the background, so an outage finds a warm cache (DESIGN §8).
    const stopRefresh = config.backends.oncall.adapter === 'pagerduty' && !options.backends?.oncall ? oncall.refreshEvery(ONCALL_REFRESH_MS, config.teams.map((team) => team.name)) : () => undefined;
    const modelSetup = await createModelClient(config, env);
    // The postmortem writer needs the Messages API: Anthropic's own, Bedrock's or Vertex's.
    const modelMessages = 'client' in modelSetup ? modelSetup.client.messages : undefined;
    const backends: Backends = {
      ...chosen,
      oncall,
      // opsbot's own records: the same store tables whichever adapters serve the external ports.
      records: { searchAudit: (filter) => audit.search(filter), getAction: (id) => actions.get(id), incidentInRoom: async (channel) => (await incidentRoomOf(kv, channel))?.incident, usage: (since) => audit.flush().then(() => usageSince(store, since)) },
      locks: new DeployLocksRepository(store, now),
      deployClaims: new DeployClaimsRepository(store, RUN_LEASE_MS, now),
      watches: new WatchesRepository(store, now),
      ...(modelMessages ? { writer: new AnthropicWriter(modelMessages, config.agent.model) } : {}),
    };
    const gateway = new Gateway({ registry, policy, actions, audit, backends, config, now });
    const outbox = new OutboxRepository(store, { retryHours: config.notifications.retryHours, now });
    // In every process (chat, CLI, MCP, shell): approval cards of actions asked outside a chat, and incident status
    // updates, are written with the change they report, and sent by whichever chat process runs (DESIGN §10).
    gateway.onTransaction(approvalCardRows({ outbox, config }));
    gateway.onTransaction(incidentAnnouncementRows({ outbox, kv, config }));
    await gateway.recoverInterrupted();
    const close = () => {
      stopRefresh();
      return store.close();
    };
    return { config, configSource: loaded.source, store, kv, audit, actions, outbox, backends, gateway, close };
  } catch (error) {
    // A half-started opsbot must not keep a database pool (and with it the process) alive.
    await store.close().catch(() => undefined);
    throw error;
  }
}
