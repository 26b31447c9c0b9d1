import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { environmentClients } from '../../src/backends/kubernetes/kubernetes-client.js';
import { KubernetesDeploys } from '../../src/backends/kubernetes/kubernetes-deploys.js';
import { KubernetesWorkloads } from '../../src/backends/kubernetes/kubernetes-workloads.js';
import type { Config } from '../../src/config/schema.js';
import { kubernetesOverrides } from '../support/kubernetes/kubernetes-config.js';
import { forbiddenRequests, shopCluster } from '../support/kubernetes/shop-cluster.js';
import { testConfig, testOpsbot } from '../support/test-opsbot.js';

const origin = { frontEnd: 'test' as const, conversationId: 'kubernetes-tools' };
type KubernetesConfig = Extract<Config['backends']['workloads'], { adapter: 'kubernetes' }>;

/** The flows, through the gateway, against the loopback API server: reads answer, changes wait for a second lead. */
describe('Kubernetes tools through the gateway', () => {
  let shop: Awaited<ReturnType<typeof shopCluster>>;
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  const patches = () => shop.peer.requests.filter((request) => request.method === 'PATCH').map((request) => request.path);

  beforeEach(async () => {
    shop = await shopCluster();
    const config = testConfig(kubernetesOverrides(shop.kubeconfigPath));
    // The adapters the config names, with a quick follower so a rollout is followed in a test's time.
    const workloads = new KubernetesWorkloads(config, environmentClients(config.backends.workloads as KubernetesConfig, {}));
    opsbot = await testOpsbot({ config, backends: { workloads, deploys: new KubernetesDeploys(config, workloads, () => new Date(), { initialMs: 20, maxMs: 50 }) } });
  });
  afterEach(async () => {
    await opsbot.cleanup();
    expect(forbiddenRequests(shop.peer)).toEqual([]);
    await shop.close();
  });

  const call = (tool: string, args: Record<string, unknown>, actor = 'U00VIEWER') => opsbot.gateway.call({ tool, args, actor, origin });

  it('pods -n production: every pod with its figures; the crashlooping one with its last termination and previous log, redacted', async () => {
    const all = await call('pods', { namespace: 'production' });
    expect(all.status).toBe('ok');
    expect(all.text.split('\n')[0]).toBe('All pods in production (namespace shop): 6 pods, 5 ready.');
    const why = await call('pods', { service: 'checkout', environment: 'production' });
    expect(why.text).toMatch(/checkout-\S+ +0\/1 +CrashLoopBackOff +7 /);
    expect(why.text).toContain('is CrashLoopBackOff after 7 restarts, last: Error (exit 2 at 2026-11-21T09:58:04.000Z). Its previous container\'s last lines:');
    expect(why.text).toContain('panic: dial tcp 10.0.3.7:5432: connect: connection refused');
    expect(why.text).toContain('password=[REDACTED]');
    expect(why.text).not.toContain('hunter2');
    const refused = await call('pods', { namespace: 'kube-system' });
    expect(refused.text).toBe('Namespace "kube-system" is not one opsbot may read. Allowed: shop-staging (staging), shop (production).');
  });

  it('pod_logs --previous and workload_describe answer with the exact figures', async () => {
    const logs = await call('pod_logs', { service: 'checkout', previous: true, lines: 3 });
    expect(logs.text.split('\n').slice(1)).toEqual(['panic: dial tcp 10.0.3.7:5432: connect: connection refused', 'goroutine 1 [running]:', 'main.main()']);
    const describe = await call('workload_describe', { service: 'frontend' });
    expect(describe.text).toContain('replicas: 3 desired, 3/3 ready, 3 updated, 3 available');
    expect(describe.text).toContain('image: registry.example.com/shop/frontend:v2.3.1 (container app)');
    expect(describe.text).toMatch(/revision 2, generation 2/);
  });

  it('scale frontend 5 in production: pending with current → proposed, approved by another lead, exactly one PATCH of the scale subresource', async () => {
    const proposed = await call('scale', { service: 'frontend', environment: 'production', replicas: 5 }, 'U00LEAD');
    expect(proposed.status).toBe('pending');
    if (proposed.status !== 'pending') return;
    expect(proposed.action.preview).toMatchObject({ current: '3 replicas', proposed: '5 replicas', generation: '2' });
    expect(patches()).toEqual([]);
    const self = await opsbot.gateway.confirm(proposed.action.id, 'U00LEAD', origin);
    expect(self.status).toBe('denied');
    const approved = await opsbot.gateway.confirm(proposed.action.id, 'U00LEAD2', origin);
    expect(approved.status).toBe('executed');
    expect(approved.action?.state).toBe('succeeded');
    expect(approved.text).toContain('3 replicas → 5 replicas');
    expect(patches()).toEqual(['/apis/apps/v1/namespaces/shop/deployments/frontend/scale']);
    expect(shop.peer.cluster.deployments.get('shop/frontend')!.spec.replicas).toBe(5);
  });

  it('replicas changed between proposal and approval: stale, nothing patched', async () => {
    const proposed = await call('scale', { service: 'frontend', environment: 'production', replicas: 5 }, 'U00LEAD');
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    const frontend = shop.peer.cluster.deployments.get('shop/frontend')!;
    frontend.spec.replicas = 4;
    frontend.metadata.generation += 1;
    shop.peer.cluster.reconcile(frontend);
    const approved = await opsbot.gateway.confirm(proposed.action.id, 'U00LEAD2', origin);
    expect(approved.action?.state).toBe('stale');
    expect(approved.text).toContain('frontend replicas in production is now 4, not 3 as this card showed');
    expect(patches()).toEqual([]);
  });

  it('restart and rollout undo: one JSON patch each, tested against the generation on the card', async () => {
    const restart = await call('restart', { service: 'checkout', environment: 'staging' }, 'U00DEV');
    if (restart.status !== 'pending') throw new Error(restart.text);
    const restarted = await opsbot.gateway.confirm(restart.action.id, 'U00DEV', origin);
    expect(restarted.action?.state).toBe('succeeded');
    const restartPatch = shop.peer.requests.find((request) => request.method === 'PATCH')!;
    expect(restartPatch.contentType).toBe('application/json-patch+json');
    expect((restartPatch.body as Array<{ op: string; value: unknown }>)[0]).toEqual({ op: 'test', path: '/metadata/generation', value: 1 });

    const undo = await call('rollout_undo', { service: 'frontend', environment: 'production' }, 'U00LEAD');
    if (undo.status !== 'pending') throw new Error(undo.text);
    expect(undo.action.preview).toMatchObject({ current: 'registry.example.com/shop/frontend:v2.3.1', proposed: 'registry.example.com/shop/frontend:v2.3.0' });
    const undone = await opsbot.gateway.confirm(undo.action.id, 'U00LEAD2', origin);
    expect(undone.action?.state).toBe('succeeded');
    expect(shop.peer.cluster.deployments.get('shop/frontend')!.spec.template.spec.containers[0].image).toBe('registry.example.com/shop/frontend:v2.3.0');
    expect(patches()).toEqual(['/apis/apps/v1/namespaces/shop-staging/deployments/checkout', '/apis/apps/v1/namespaces/shop/deployments/frontend']);
  });

  it('deploy sets the image and is followed to completion, reporting N/M updated', async () => {
    shop.peer.cluster.rollout = 'stepwise';
    const proposed = await call('deploy', { service: 'frontend', environment: 'production', version: 'v2.4.0' }, 'U00LEAD');
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    expect(proposed.action.preview).toMatchObject({ current: 'v2.3.1', proposed: 'v2.4.0', resolved: 'registry.example.com/shop/frontend:v2.4.0' });
    const progress: string[] = [];
    const approved = await opsbot.gateway.confirm(proposed.action.id, 'U00LEAD2', origin, { progress: (line: string) => progress.push(line) });
    expect(approved.action?.state).toBe('succeeded');
    expect(approved.text).toContain('Deployed frontend v2.3.1 → v2.4.0 in production');
    expect(progress.some((line) => /: [0-2]\/3 updated/.test(line))).toBe(true);
    expect(shop.peer.cluster.deployments.get('shop/frontend')!.spec.template.spec.containers[0].image).toBe('registry.example.com/shop/frontend:v2.4.0');
  });

  it('a deploy whose rollout stalls ends failed with ProgressDeadlineExceeded', async () => {
    shop.peer.cluster.rollout = 'stall';
    const proposed = await call('deploy', { service: 'checkout', environment: 'production', version: 'v1.5.0' }, 'U00LEAD');
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    const approved = await opsbot.gateway.confirm(proposed.action.id, 'U00LEAD2', origin);
    expect(approved.action?.state).toBe('failed');
    expect(approved.text).toContain('ProgressDeadlineExceeded');
  });

  it('a deploy whose rollout stops reporting past its deadline ends as outcome_unknown', async () => {
    shop.peer.cluster.rollout = 'frozen';
    const clock = { now: new Date('2026-11-21T10:00:00Z') };
    const config = opsbot.config;
    const workloads = opsbot.backends.workloads;
    // The follower reads the deploy's age from this clock: the first look is at the start, later ones 12 minutes on.
    let looks = 0;
    const deploys = new KubernetesDeploys(config, workloads, () => (looks++ < 3 ? clock.now : new Date(clock.now.getTime() + 12 * 60_000)), { initialMs: 20, maxMs: 50 });
    await opsbot.cleanup();
    opsbot = await testOpsbot({ config, backends: { workloads, deploys } });
    const proposed = await call('deploy', { service: 'frontend', environment: 'staging', version: 'v2.4.0' }, 'U00DEV');
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    const approved = await opsbot.gateway.confirm(proposed.action.id, 'U00DEV', origin);
    expect(approved.action?.state).toBe('outcome_unknown');
    expect(approved.text).toMatch(/no outcome reported 720 s after it started \(1\/3 updated/);
  });

  it('a change Kubernetes refuses says what Kubernetes said', async () => {
    shop.peer.forbidden.add('patch deployments/scale');
    const proposed = await call('scale', { service: 'frontend', environment: 'staging', replicas: 4 }, 'U00DEV');
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    const approved = await opsbot.gateway.confirm(proposed.action.id, 'U00DEV', origin);
    expect(approved.action?.state).toBe('failed');
    expect(approved.text).toContain('Kubernetes refused scaling frontend: 403 Forbidden: deployments.apps is forbidden: User "system:serviceaccount:opsbot:opsbot" cannot patch resource "deployments/scale" in API group "apps" in the namespace "shop-staging"');
  });
});
