import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { environmentClients } from '../../../src/backends/kubernetes/kubernetes-client.js';
import { KubernetesWorkloads } from '../../../src/backends/kubernetes/kubernetes-workloads.js';
import type { PodChange, WorkloadsPort } from '../../../src/backends/ports/workloads.js';
import type { Config } from '../../../src/config/schema.js';
import { ToolFailure } from '../../../src/errors.js';
import { forbiddenRequests, shopCluster } from '../../support/kubernetes/shop-cluster.js';
import { kubernetesOverrides } from '../../support/kubernetes/kubernetes-config.js';
import { testConfig } from '../../support/test-config.js';
import { demoFixture } from '../demo/demo-fixture.js';

/** A WorkloadsPort with a healthy service and a crashlooping one in `environment`. */
interface WorkloadsUnderTest {
  name: string;
  healthy: string;
  crashing: string;
  open(): Promise<{ workloads: WorkloadsPort; config: Config; close(): Promise<void> }>;
}

const ADAPTERS: WorkloadsUnderTest[] = [
  {
    name: 'demo',
    healthy: 'frontend',
    crashing: 'payments',
    async open() {
      const { backends, store, config } = await demoFixture({ at: '2026-11-21T10:00:00Z' });
      return { workloads: backends.workloads, config, close: () => store.close() };
    },
  },
  {
    name: 'kubernetes',
    healthy: 'frontend',
    crashing: 'checkout',
    async open() {
      const shop = await shopCluster();
      const config = testConfig(kubernetesOverrides(shop.kubeconfigPath));
      const workloads = new KubernetesWorkloads(config, environmentClients(config.backends.workloads as Extract<Config['backends']['workloads'], { adapter: 'kubernetes' }>, {}));
      return {
        workloads,
        config,
        async close() {
          // Least privilege, whatever the test did: no other namespace, no secrets, configmaps, exec or delete.
          expect(forbiddenRequests(shop.peer)).toEqual([]);
          await shop.close();
        },
      };
    },
  },
];

/** What every WorkloadsPort promises (DESIGN §8: one contract suite per port, every adapter). */
describe.each(ADAPTERS)('WorkloadsPort contract: $name', (adapter) => {
  let subject: Awaited<ReturnType<WorkloadsUnderTest['open']>>;
  beforeEach(async () => {
    subject = await adapter.open();
  });
  afterEach(() => subject.close());

  it('serves exactly the configured environments, and refuses any other naming the allowed ones', async () => {
    expect(Object.keys(subject.workloads.namespaces()).sort()).toEqual(['production', 'staging']);
    const refused = await subject.workloads.pods('kube-system').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ToolFailure);
    expect((refused as Error).message).toContain(`Allowed: ${subject.workloads.namespaces().staging} (staging), ${subject.workloads.namespaces().production} (production)`);
  });

  it('lists a healthy service\'s pods as ready and running, and the environment\'s pods across services', async () => {
    const workload = await subject.workloads.workload(adapter.healthy, 'production');
    const pods = await subject.workloads.pods('production', adapter.healthy);
    expect(pods).toHaveLength(workload.replicas.desired);
    for (const pod of pods) expect(pod).toMatchObject({ service: adapter.healthy, ready: '1/1', status: 'Running', restarts: 0, lastTermination: null });
    const all = await subject.workloads.pods('production');
    expect([...new Set(all.map((pod) => pod.service))]).toEqual(expect.arrayContaining([adapter.healthy, adapter.crashing]));
  });

  it('shows the crashlooping pod with its restarts, last termination and the previous container\'s log', async () => {
    const pods = await subject.workloads.pods('production', adapter.crashing);
    const crashing = pods.find((pod) => pod.status === 'CrashLoopBackOff')!;
    expect(crashing).toMatchObject({ ready: '0/1', lastTermination: { reason: 'Error' } });
    expect(crashing.restarts).toBeGreaterThan(0);
    const previous = await subject.workloads.logs({ service: adapter.crashing, environment: 'production', tailLines: 2, previous: true });
    expect(previous).toMatchObject({ pod: crashing.name, previous: true });
    expect(previous.lines).toHaveLength(2);
    const healthy = await subject.workloads.logs({ service: adapter.healthy, environment: 'production', tailLines: 5, previous: false });
    expect(healthy.lines).toHaveLength(5);
    await expect(subject.workloads.logs({ service: adapter.healthy, environment: 'production', tailLines: 5, previous: true })).rejects.toThrow(/previous terminated container/);
    const events = await subject.workloads.events(adapter.crashing, 'production', 10);
    expect(events.some((event) => event.reason === 'BackOff' && event.object === `Pod/${crashing.name}`)).toBe(true);
  });

  it('scales against the generation it read, and refuses a stale one without changing anything', async () => {
    const before = await subject.workloads.workload(adapter.healthy, 'production');
    const scaled = await subject.workloads.scale({ service: adapter.healthy, environment: 'production', replicas: 5, expectedGeneration: before.generation });
    expect(scaled.replicas.desired).toBe(5);
    expect(scaled.generation).toBe(before.generation + 1);
    expect(await subject.workloads.pods('production', adapter.healthy)).toHaveLength(5);
    await expect(subject.workloads.scale({ service: adapter.healthy, environment: 'production', replicas: 2, expectedGeneration: before.generation })).rejects.toBeInstanceOf(ToolFailure);
    expect((await subject.workloads.workload(adapter.healthy, 'production')).replicas.desired).toBe(5);
  });

  it('restarts with new pods, undoes to the previous image, and sets an image', async () => {
    const before = await subject.workloads.workload(adapter.healthy, 'production');
    const podsBefore = (await subject.workloads.pods('production', adapter.healthy)).map((pod) => pod.name);
    const restarted = await subject.workloads.restart({ service: adapter.healthy, environment: 'production', expectedGeneration: before.generation, at: '2026-11-21T10:00:00Z' });
    expect(restarted.generation).toBe(before.generation + 1);
    expect(restarted.image).toBe(before.image);
    const podsAfter = (await subject.workloads.pods('production', adapter.healthy)).map((pod) => pod.name);
    expect(podsAfter.some((name) => podsBefore.includes(name))).toBe(false);
    await expect(subject.workloads.restart({ service: adapter.healthy, environment: 'production', expectedGeneration: before.generation, at: '2026-11-21T10:01:00Z' })).rejects.toBeInstanceOf(ToolFailure);

    const image = `${before.image!.replace(/:[^:]+$/, '')}:v9.9.9`;
    const set = await subject.workloads.setImage({ service: adapter.healthy, environment: 'production', image, expectedGeneration: restarted.generation });
    expect(set.image).toBe(image);
    const previous = await subject.workloads.previousRevision(adapter.healthy, 'production');
    expect(previous?.image).toBe(before.image);
    const undone = await subject.workloads.undo({ service: adapter.healthy, environment: 'production', expectedGeneration: set.generation });
    expect(undone.image).toBe(before.image);
  });

  it('watches pods: the current ones first, then a change', async () => {
    const seen: PodChange[] = [];
    const controller = new AbortController();
    const watching = subject.workloads.watchPods('production', (change) => seen.push(change), controller.signal);
    const expected = (await subject.workloads.pods('production')).length;
    await expect.poll(() => seen.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(expected);
    const before = await subject.workloads.workload(adapter.healthy, 'production');
    await subject.workloads.scale({ service: adapter.healthy, environment: 'production', replicas: before.replicas.desired + 1, expectedGeneration: before.generation });
    await expect.poll(() => seen.filter((change) => change.type === 'ADDED' && change.pod.service === adapter.healthy).length, { timeout: 5_000 }).toBe(before.replicas.desired + 1);
    controller.abort();
    await watching;
  });
});
