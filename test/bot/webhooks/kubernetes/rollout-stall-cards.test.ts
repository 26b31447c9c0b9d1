import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_ACTION_IDS } from '../../../../src/bot/webhooks/alert-card.js';
import { CRASH_BLOCK_IDS } from '../../../../src/bot/webhooks/kubernetes/crash-card.js';
import { startOutboxWorker } from '../../../../src/bot/outbox/start-outbox.js';
import type { OutboxWorker } from '../../../../src/bot/outbox/outbox-worker.js';
import { SlackCardSender } from '../../../../src/bot/slack/slack-card-sender.js';
import { CrashCards } from '../../../../src/bot/webhooks/kubernetes/crash-cards.js';
import { CrashWatch } from '../../../../src/bot/webhooks/kubernetes/crash-watch.js';
import { kubernetesOverrides } from '../../../support/kubernetes/kubernetes-config.js';
import { forbiddenRequests, shopCluster } from '../../../support/kubernetes/shop-cluster.js';
import { blockText } from '../../slack/block-checks.js';
import { BOT_TOKEN, slackHarness, type SlackHarness } from '../../slack/slack-harness.js';

const ALERTS = 'C0ALERTS';
const STALLED_TEXT = 'rollout stalled: frontend in production (1 updated, 0 ready of 3 desired)';

/** A Deployment past its progress deadline on the peer becomes one card, whichever replica reads it. */
describe('rollout stalled cards from the Kubernetes watch', () => {
  let shop: Awaited<ReturnType<typeof shopCluster>>;
  let h: SlackHarness;
  let replicas: Array<{ cards: CrashCards; watch: CrashWatch }>;
  let worker: OutboxWorker;
  const errors: unknown[] = [];
  const stalledPosts = () => h.fake.callsOf('chat.postMessage').filter((call) => call.args.channel === ALERTS && String(call.args.text).startsWith('rollout stalled'));

  beforeAll(async () => {
    shop = await shopCluster();
    h = await slackHarness({ overrides: { ...kubernetesOverrides(shop.kubeconfigPath), notifications: { routes: [], defaultChannel: ALERTS, mentionOnCall: [] } } });
    const sender = new SlackCardSender({ token: BOT_TOKEN, slackApiUrl: h.fake.apiUrl });
    // Cards go through the outbox like every event card; this worker sends them (the harness's Slack one may too, once).
    worker = startOutboxWorker(h.opsbot, sender, { logger: { info: () => undefined, warn: () => undefined, error: (...message: unknown[]) => void errors.push(message.join(' ')) }, intervalMs: 50 });
    // Two replicas on one store, each reading the Deployment on every pod change it sees.
    replicas = [0, 1].map(() => {
      const cards = new CrashCards({ outbox: h.opsbot.outbox, onQueued: () => worker.kick(), kv: h.opsbot.kv, workloads: h.opsbot.backends.workloads, config: h.opsbot.config, rolloutReadMs: 0 });
      return { cards, watch: new CrashWatch({ kv: h.opsbot.kv, workloads: h.opsbot.backends.workloads, cards, onError: (error) => errors.push(error) }, { renewMs: 50, lapseMs: 5_000 }) };
    });
    for (const replica of replicas) replica.watch.start();
  }, 30_000);
  afterAll(async () => {
    for (const replica of replicas) await replica.watch.stop();
    await worker?.stop();
    await h?.close();
    expect(forbiddenRequests(shop.peer)).toEqual([]);
    await shop?.close();
  });

  it('posts one card with the reason, the replica figures, the image and the condition\'s message', async () => {
    // The crashlooping checkout's card first: the watch is running, and nothing has stalled yet.
    await expect.poll(() => h.fake.callsOf('chat.postMessage').length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(stalledPosts()).toEqual([]);
    const cluster = shop.peer.cluster;
    // A new image that never becomes ready: the peer's controller reports ProgressDeadlineExceeded on its next read.
    cluster.rollout = 'stall';
    const frontend = cluster.deployments.get('shop/frontend')!;
    frontend.spec.template.spec.containers[0].image = 'registry.example.com/shop/frontend:v2.4.0';
    frontend.metadata.generation += 1;
    cluster.reconcile(frontend);
    const pod = [...cluster.pods.values()].find((candidate) => candidate.metadata.namespace === 'shop' && candidate.metadata.name.startsWith('frontend-'))!;
    cluster.touchPod(pod, 'MODIFIED');
    cluster.touchPod(pod, 'MODIFIED');
    await expect.poll(() => stalledPosts().length, { timeout: 5_000 }).toBe(1);
    const card = [...h.fake.messages.values()].find((message) => message.channel === ALERTS && String(message.text).startsWith('rollout stalled'))!;
    expect(card.text).toBe(STALLED_TEXT);
    const title = blockText(card.blocks, CRASH_BLOCK_IDS.title);
    expect(title).toContain('registry.example.com/shop/frontend:v2.4.0');
    expect(title).toContain('has timed out progressing');
    for (const id of [EVENT_ACTION_IDS.workloadLogs, EVENT_ACTION_IDS.workloadDescribe, EVENT_ACTION_IDS.workloadRestart, EVENT_ACTION_IDS.workloadRollback, EVENT_ACTION_IDS.workloadIncident]) expect(JSON.stringify(card.blocks)).toContain(id);
    expect(errors).toEqual([]);
  });

  it('the other replica reading the same stalled Deployment posts no second card', async () => {
    expect(await replicas[1]!.cards.observeRollout('production', 'frontend')).toBe('ignored');
    const pod = [...shop.peer.cluster.pods.values()].find((candidate) => candidate.metadata.namespace === 'shop' && candidate.metadata.name.startsWith('frontend-'))!;
    shop.peer.cluster.touchPod(pod, 'MODIFIED');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stalledPosts()).toHaveLength(1);
    const stored = await CrashCards.stored(h.opsbot.kv, 'production/frontend/rollout stalled');
    expect(stored).toMatchObject({ reason: 'rollout stalled', recovered: false, rollout: { replicas: { updated: 1, ready: 0, desired: 3 } } });
    expect(errors).toEqual([]);
  });
});
