import { authorizationOf, type HttpCredentials } from '../util/authorization.js';
import { sql } from 'kysely';
import type { Opsbot } from '../app.js';
import { timeBackendCall } from '../observability/metrics.js';
import type { ReadinessCheck } from '../observability/ops-server.js';

// Probes run in the background this often; /readyz reports the last answer, so a scrape never waits on a backend.
const PROBE_INTERVAL_MS = 15_000;
const PROBE_TIMEOUT_MS = 5_000;

/** Readiness of a running opsbot: the store answers now, and every probed backend answered its last probe. */
export interface Readiness {
  checks: ReadinessCheck[];
  /** Probes every backend now (also done every 15 s while running). */
  probe(): Promise<void>;
  stop(): void;
}

/**
 * The store is asked on every /readyz (a `select 1`: a stopped PostgreSQL turns it 503 at once). Backends with a
 * documented readiness endpoint (Prometheus and Alertmanager `/-/ready`) are probed in the background.
 */
export function startReadiness(opsbot: Pick<Opsbot, 'store' | 'config'>, env: NodeJS.ProcessEnv): Readiness {
  const probes = backendProbes(opsbot.config, env);
  const last = new Map<string, { ok: true } | { ok: false; reason: string }>(probes.map((probe) => [probe.name, { ok: false, reason: 'not probed yet' }]));
  const probe = async () => {
    await Promise.all(
      probes.map(async (backend) => {
        try {
          await timeBackendCall(backend.adapter, 'probe', backend.run);
          last.set(backend.name, { ok: true });
        } catch (error) {
          last.set(backend.name, { ok: false, reason: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
  };
  const timer = setInterval(() => void probe(), PROBE_INTERVAL_MS);
  timer.unref();
  void probe();
  const store: ReadinessCheck = {
    name: 'store',
    check: async () => {
      await sql`select 1`.execute(opsbot.store.db);
      return { ok: true };
    },
  };
  const backends = probes.map((backend): ReadinessCheck => ({ name: backend.name, check: async () => last.get(backend.name)! }));
  return { checks: [store, ...backends], probe, stop: () => clearInterval(timer) };
}

interface BackendProbe {
  name: string;
  adapter: string;
  run(): Promise<void>;
}

function backendProbes(config: Pick<Opsbot['config'], 'backends'>, env: NodeJS.ProcessEnv): BackendProbe[] {
  const probes: BackendProbe[] = [];
  const { metrics: metricsBackend, alerts } = config.backends;
  if (metricsBackend.adapter === 'prometheus') {
    // One Prometheus per environment is common: each configured server is probed.
    const urls = [metricsBackend.url, ...Object.values(metricsBackend.environments).map((environment) => environment.url)];
    for (const url of new Set(urls.filter((each): each is string => Boolean(each)))) probes.push(readyEndpoint('metrics (prometheus)', 'prometheus', url, credentialsOf(metricsBackend, env)));
  }
  if (alerts.adapter === 'alertmanager') probes.push(readyEndpoint('alerts (alertmanager)', 'alertmanager', alerts.url, credentialsOf(alerts, env)));
  return probes;
}

function credentialsOf(backend: { token?: string; basicAuth?: { user: string; password: string } }, env: NodeJS.ProcessEnv): HttpCredentials {
  const fromEnv = (reference: string | undefined) => (reference?.startsWith('env:') ? env[reference.slice(4)] : undefined);
  if (backend.basicAuth) return { basicAuth: { user: backend.basicAuth.user, password: fromEnv(backend.basicAuth.password) ?? '' } };
  return { token: fromEnv(backend.token) };
}

function readyEndpoint(name: string, adapter: string, url: string, credentials: HttpCredentials): BackendProbe {
  const authorization = authorizationOf(credentials);
  return {
    name,
    adapter,
    async run() {
      const response = await fetch(`${url.replace(/\/$/, '')}/-/ready`, { headers: authorization ? { authorization } : {}, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`${url}/-/ready answered HTTP ${response.status}`);
    },
  };
}

/** Pending actions by state, read from the store at each scrape. */
export async function pendingActionsReading(opsbot: Pick<Opsbot, 'actions'>) {
  return (await opsbot.actions.countByState()).map(({ state, count }) => ({ labels: { state }, value: count }));
}

