import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { environmentClients } from '../../../src/backends/kubernetes/kubernetes-client.js';
import { KubernetesWorkloads } from '../../../src/backends/kubernetes/kubernetes-workloads.js';
import type { PodChange } from '../../../src/backends/ports/workloads.js';
import type { Config } from '../../../src/config/schema.js';
import { ConfigError, ToolFailure } from '../../../src/errors.js';
import { kubernetesOverrides } from '../../support/kubernetes/kubernetes-config.js';
import { forbiddenRequests, shopCluster } from '../../support/kubernetes/shop-cluster.js';
import { testConfig } from '../../support/test-config.js';

type KubernetesConfig = Extract<Config['backends']['workloads'], { adapter: 'kubernetes' }>;

describe('the Kubernetes workloads adapter on the loopback API server', () => {
  let shop: Awaited<ReturnType<typeof shopCluster>>;
  let workloads: KubernetesWorkloads;
  let config: Config;
  beforeEach(async () => {
    shop = await shopCluster();
    config = testConfig(kubernetesOverrides(shop.kubeconfigPath));
    workloads = new KubernetesWorkloads(config, environmentClients(config.backends.workloads as KubernetesConfig, {}));
  });
  afterEach(async () => {
    expect(forbiddenRequests(shop.peer)).toEqual([]);
    await shop.close();
  });

  it('speaks to each environment in its own namespace with the kubeconfig token', async () => {
    await workloads.pods('staging', 'frontend');
    await workloads.pods('production');
    const paths = shop.peer.requests.map((request) => `${request.method} ${request.path}?${new URLSearchParams(request.query).toString()}`);
    expect(paths).toEqual([
      'GET /apis/apps/v1/namespaces/shop-staging/deployments/frontend?',
      'GET /api/v1/namespaces/shop-staging/pods?labelSelector=app%3Dfrontend',
      'GET /api/v1/namespaces/shop/pods?',
    ]);
  });

  it('says what Kubernetes said: 403 Forbidden, 404 NotFound, 422 Invalid', async () => {
    shop.peer.forbidden.add('list pods');
    await expect(workloads.pods('production')).rejects.toThrow('Kubernetes refused listing pods in shop: 403 Forbidden: pods is forbidden: User "system:serviceaccount:opsbot:opsbot" cannot list resource "pods" in API group "" in the namespace "shop"');
    await expect(workloads.workload('api', 'production')).rejects.toThrow('Kubernetes refused reading deployment api in shop: 404 NotFound: deployments.apps "api" not found');
    const frontend = await workloads.workload('frontend', 'production');
    await expect(workloads.restart({ service: 'frontend', environment: 'production', expectedGeneration: frontend.generation - 1, at: '2026-11-21T10:00:00Z' })).rejects.toThrow(
      /Kubernetes refused restarting frontend: 422 Invalid: testing value \/metadata\/generation failed/,
    );
    expect(shop.peer.cluster.deployments.get('shop/frontend')!.metadata.generation).toBe(frontend.generation);
  });

  it('resumes a watch that ended from the last resourceVersion seen, and lists again after 410 Gone', async () => {
    const seen: PodChange[] = [];
    const controller = new AbortController();
    const watching = workloads.watchPods('production', (change) => seen.push(change), controller.signal);
    await expect.poll(() => shop.peer.requests.filter((request) => request.query.watch).length).toBe(1);
    const frontend = await workloads.workload('frontend', 'production');
    await workloads.scale({ service: 'frontend', environment: 'production', replicas: 4, expectedGeneration: frontend.generation });
    await expect.poll(() => seen.filter((change) => change.type === 'ADDED').length).toBe(7);
    const lastSeen = seen[seen.length - 1]!;
    shop.peer.endWatches();
    await expect.poll(() => shop.peer.requests.filter((request) => request.query.watch).length).toBe(2);
    const resumed = shop.peer.requests.filter((request) => request.query.watch)[1]!;
    expect(Number(resumed.query.resourceVersion)).toBeGreaterThanOrEqual(Number(shop.peer.cluster.pods.get(`shop/${lastSeen.pod.name}`)!.metadata.resourceVersion));

    // A compaction past the resume point: the next watch gets 410 Gone and the adapter lists again.
    shop.peer.cluster.compactedBelow = shop.peer.cluster.resourceVersion + 1;
    const lists = () => shop.peer.requests.filter((request) => request.path === '/api/v1/namespaces/shop/pods' && !request.query.watch).length;
    const listsBefore = lists();
    shop.peer.endWatches();
    await expect.poll(lists, { timeout: 5_000 }).toBe(listsBefore + 1);
    controller.abort();
    await watching;
  });

  it('refuses a kubeconfig without the named context', () => {
    const wrong = { ...(config.backends.workloads as KubernetesConfig), environments: { production: { context: 'nowhere', namespace: 'shop' } } };
    expect(() => environmentClients(wrong, {})).toThrow(ConfigError);
    expect(() => environmentClients(wrong, {})).toThrow(/backends.workloads.environments.production.context: no context "nowhere" in the kubeconfig \(contexts: prod-eu, staging\)/);
  });

  it('says the API could not be reached when it is down', async () => {
    await shop.peer.stop();
    const failure = await workloads.pods('production').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ToolFailure);
    expect((failure as Error).message).toMatch(/^The Kubernetes API could not be reached for listing pods in shop \(/);
  });
});
