import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubernetes } from './fake-kubernetes-server.js';

export const KUBERNETES_TOKEN = 'k8s-sa-token-3f9a1c77e2b54d08a6';

/** The environments of the example config: contexts and namespaces. */
export const SHOP_ENVIRONMENTS = { staging: { context: 'staging', namespace: 'shop-staging' }, production: { context: 'prod-eu', namespace: 'shop' } };

export const CRASH_LOG = ['starting checkout on :8080', 'connecting to postgres with password=hunter2-very-secret', 'panic: dial tcp 10.0.3.7:5432: connect: connection refused', 'goroutine 1 [running]:', 'main.main()'];

/**
 * A peer holding the shop: frontend (3 replicas, two revisions of history) and checkout (3 replicas, one
 * crashlooping) in `shop` and `shop-staging`, plus a `kube-system` namespace opsbot must never touch;
 * with a kubeconfig file naming both contexts.
 */
export async function shopCluster(): Promise<{ peer: FakeKubernetes; kubeconfigPath: string; directory: string; close(): Promise<void> }> {
  const peer = new FakeKubernetes(['shop', 'shop-staging'], KUBERNETES_TOKEN);
  await peer.start();
  const cluster = peer.cluster;
  for (const namespace of ['shop', 'shop-staging']) {
    const frontend = cluster.addDeployment(namespace, 'frontend', { image: 'registry.example.com/shop/frontend:v2.3.0', replicas: 3 });
    // A second revision, so a rollout undo has somewhere to go.
    frontend.spec.template.spec.containers[0].image = 'registry.example.com/shop/frontend:v2.3.1';
    frontend.metadata.generation += 1;
    cluster.reconcile(frontend);
    cluster.addDeployment(namespace, 'checkout', { image: 'registry.example.com/shop/checkout:v1.4.0', replicas: 3, progressDeadlineSeconds: 600 });
  }
  cluster.addDeployment('kube-system', 'coredns', { image: 'registry.k8s.io/coredns:v1.11.1', replicas: 2 });
  const crashing = cluster.podsOf('shop', [...cluster.replicaSets.values()].find((set) => set.metadata.namespace === 'shop' && set.metadata.name.startsWith('checkout-'))!.metadata.name)[0]!;
  cluster.crashLoop('shop', crashing.metadata.name, { restarts: 7, reason: 'Error', exitCode: 2, previousLog: CRASH_LOG });
  const directory = mkdtempSync(join(tmpdir(), 'opsbot-kube-'));
  const kubeconfigPath = join(directory, 'kubeconfig');
  writeFileSync(kubeconfigPath, peer.kubeconfig(['prod-eu', 'staging']));
  return {
    peer,
    kubeconfigPath,
    directory,
    async close() {
      await peer.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Requests that a least-privilege opsbot must never make: other namespaces, cluster scope, secrets, configmaps, exec. */
export function forbiddenRequests(peer: FakeKubernetes): string[] {
  return peer.requests
    .filter((request) => /\/(secrets|configmaps|exec|portforward|attach)(\/|$)/.test(request.path) || (/^\/api(s\/[^/]+)?\/v1\/(?!namespaces\/(shop|shop-staging)\/)[a-z]/.test(request.path) && !/^\/apis?(\/[a-z.]+)?(\/v1)?$/.test(request.path)) || request.method === 'DELETE')
    .map((request) => `${request.method} ${request.path}`);
}
