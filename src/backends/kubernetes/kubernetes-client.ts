import { homedir } from 'node:os';
import { AppsV1Api, CoreV1Api, KubeConfig, ApiException, Watch } from '@kubernetes/client-node';
import type { KubernetesWorkloadsConfig } from '../../config/workloads-schema.js';
import { ConfigError, ToolFailure } from '../../errors.js';
import { registerSecret } from '../../util/redact.js';

/** The API clients for one environment: its cluster (kubeconfig context) and the one namespace opsbot may touch there. */
export interface EnvironmentClient {
  environment: string;
  namespace: string;
  core: CoreV1Api;
  apps: AppsV1Api;
  watch: Watch;
}

// Every call is bounded: past this the answer says Kubernetes did not answer, never a hang.
const CALL_TIMEOUT_MS = 10_000;

/**
 * One client per configured environment. The kubeconfig is `kubeconfig` when given, else the in-cluster service
 * account, else $KUBECONFIG, else ~/.kube/config; each environment's context must exist in it.
 */
export function environmentClients(config: KubernetesWorkloadsConfig, env: NodeJS.ProcessEnv): Map<string, EnvironmentClient> {
  const inCluster = !config.kubeconfig && Boolean(env.KUBERNETES_SERVICE_HOST);
  const clients = new Map<string, EnvironmentClient>();
  for (const [environment, target] of Object.entries(config.environments)) {
    const kubeConfig = new KubeConfig();
    if (config.kubeconfig) kubeConfig.loadFromFile(config.kubeconfig.replace(/^~(?=\/)/, homedir()));
    else if (inCluster) kubeConfig.loadFromCluster();
    else kubeConfig.loadFromDefault();
    // In a cluster there is one context, the service account's; the named ones belong to kubeconfig files.
    if (!inCluster) {
      if (!kubeConfig.getContextObject(target.context)) {
        throw new ConfigError([`backends.workloads.environments.${environment}.context: no context "${target.context}" in the kubeconfig (contexts: ${kubeConfig.getContexts().map((context) => context.name).join(', ') || 'none'})`]);
      }
      kubeConfig.setCurrentContext(target.context);
    }
    const user = kubeConfig.getCurrentUser();
    registerSecret(user?.token);
    registerSecret(user?.password);
    clients.set(environment, { environment, namespace: target.namespace, core: kubeConfig.makeApiClient(CoreV1Api), apps: kubeConfig.makeApiClient(AppsV1Api), watch: new Watch(kubeConfig) });
  }
  return clients;
}

/** A Kubernetes `Status` object, as the API server sends with every error. */
interface KubernetesStatus {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
}

/**
 * Runs one API call with a bound, turning what Kubernetes said (403 Forbidden, 404 NotFound, 409 Conflict,
 * 422 Invalid) into a ToolFailure that says it in Kubernetes' own words, and an unreachable API into one that says so.
 */
export async function kubernetesCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ToolFailure(`Kubernetes did not answer ${what} within ${CALL_TIMEOUT_MS / 1000} s.`)), CALL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([call(), timeout]);
  } catch (error) {
    throw kubernetesFailure(error, what);
  } finally {
    clearTimeout(timer);
  }
}

export function kubernetesFailure(error: unknown, what: string): Error {
  if (error instanceof ToolFailure) return error;
  if (error instanceof ApiException) {
    const status = parseStatus(error.body);
    const reason = status?.reason ? ` ${status.reason}` : '';
    const message = status?.message ?? (error.code === 401 ? 'Unauthorized: the credentials in the kubeconfig were not accepted' : 'no message');
    return new ToolFailure(`Kubernetes refused ${what}: ${error.code}${reason}: ${message}`, { kubernetes: { code: error.code, reason: status?.reason ?? null } });
  }
  const cause = error instanceof Error ? ((error as { code?: string }).code ?? error.message) : String(error);
  return new ToolFailure(`The Kubernetes API could not be reached for ${what} (${cause}).`);
}

function parseStatus(body: unknown): KubernetesStatus | null {
  if (body && typeof body === 'object') return body as KubernetesStatus;
  if (typeof body !== 'string') return null;
  try {
    return JSON.parse(body) as KubernetesStatus;
  } catch {
    return null;
  }
}
