import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forbiddenRequests, shopCluster } from '../../support/kubernetes/shop-cluster.js';

const run = promisify(execFile);

/** Whether Debian's kubectl (package kubernetes-client) is installed; the test is skipped cleanly where it is not. */
async function hasKubectl(): Promise<boolean> {
  try {
    await run('kubectl', ['version', '--client']);
    return true;
  } catch {
    return false;
  }
}

const kubectlPresent = await hasKubectl();

/** The vendor's own client against the loopback API server: the peer speaks the real wire format, not one shaped to fit opsbot. */
describe.skipIf(!kubectlPresent)('kubectl against the loopback Kubernetes API server', () => {
  let shop: Awaited<ReturnType<typeof shopCluster>>;
  const kubectl = async (...args: string[]) => {
    const { stdout } = await run('kubectl', ['--kubeconfig', shop.kubeconfigPath, '--context', 'prod-eu', '--cache-dir', `${shop.directory}/cache`, ...args], { env: { ...process.env, HOME: shop.directory } });
    return stdout;
  };

  beforeEach(async () => {
    shop = await shopCluster();
  });
  afterEach(() => shop.close());

  it('get pods prints the server table, with the crashlooping pod and its restarts', async () => {
    const output = await kubectl('get', 'pods', '-n', 'shop');
    const lines = output.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines.filter((line) => line.startsWith('frontend-'))).toHaveLength(3);
    expect(lines.find((line) => line.startsWith('checkout-') && line.includes('CrashLoopBackOff'))).toMatch(/0\/1\s+CrashLoopBackOff\s+7/);
  });

  it('scale patches deployments/frontend/scale once, with a merge patch, and the Deployment has 5 replicas', async () => {
    expect(await kubectl('scale', 'deployment/frontend', '--replicas=5', '-n', 'shop')).toContain('deployment.apps/frontend scaled');
    const patches = shop.peer.requests.filter((request) => request.method === 'PATCH');
    expect(patches.map((request) => `${request.path} ${request.contentType}`)).toEqual(['/apis/apps/v1/namespaces/shop/deployments/frontend/scale application/merge-patch+json']);
    expect(shop.peer.cluster.deployments.get('shop/frontend')!.spec.replicas).toBe(5);
    expect(await kubectl('get', 'pods', '-n', 'shop', '-l', 'app=frontend', '-o', 'name')).toMatch(/^(pod\/frontend-\S+\n){5}$/);
  });

  it('rollout undo returns frontend to the previous revision\'s image', async () => {
    expect(await kubectl('rollout', 'undo', 'deployment/frontend', '-n', 'shop')).toContain('deployment.apps/frontend rolled back');
    const patches = shop.peer.requests.filter((request) => request.method === 'PATCH');
    expect(patches.map((request) => `${request.path} ${request.contentType}`)).toEqual(['/apis/apps/v1/namespaces/shop/deployments/frontend application/json-patch+json']);
    const deployment = shop.peer.cluster.deployments.get('shop/frontend')!;
    expect(deployment.spec.template.spec.containers[0].image).toBe('registry.example.com/shop/frontend:v2.3.0');
    expect(deployment.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    const json = JSON.parse(await kubectl('get', 'deployment', 'frontend', '-n', 'shop', '-o', 'json')) as { metadata: { generation: number } };
    expect(json.metadata.generation).toBe(3);
  });

  it('rollout restart sends a strategic merge patch the peer applies to the pod template', async () => {
    await kubectl('rollout', 'restart', 'deployment/checkout', '-n', 'shop');
    const patch = shop.peer.requests.find((request) => request.method === 'PATCH')!;
    expect(patch.contentType).toBe('application/strategic-merge-patch+json');
    expect(shop.peer.cluster.deployments.get('shop/checkout')!.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
  });

  it('is refused with the Status message RBAC gives outside the Role', async () => {
    await expect(kubectl('get', 'secrets', '-n', 'shop')).rejects.toThrow(/secrets is forbidden: User "system:serviceaccount:opsbot:opsbot" cannot list resource "secrets" in API group "" in the namespace "shop"/);
    await expect(kubectl('get', 'pods', '-n', 'kube-system')).rejects.toThrow(/cannot list resource "pods" in API group "" in the namespace "kube-system"/);
    await expect(kubectl('scale', 'deployment/nowhere', '--replicas=1', '-n', 'shop')).rejects.toThrow(/deployments.apps "nowhere" not found/);
    // The check every other Kubernetes test ends with sees these requests for what they are.
    expect(forbiddenRequests(shop.peer)).toEqual(expect.arrayContaining(['GET /api/v1/namespaces/shop/secrets', 'GET /api/v1/namespaces/kube-system/pods']));
  });
});
