import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodSummary } from '../../../../src/backends/ports/workloads.js';
import { EVENT_ACTION_IDS } from '../../../../src/bot/webhooks/alert-card.js';
import { CRASH_BLOCK_IDS } from '../../../../src/bot/webhooks/kubernetes/crash-card.js';
import { CrashCards } from '../../../../src/bot/webhooks/kubernetes/crash-cards.js';
import { CrashWatch } from '../../../../src/bot/webhooks/kubernetes/crash-watch.js';
import { startOutboxWorker } from '../../../../src/bot/outbox/start-outbox.js';
import type { OutboxWorker } from '../../../../src/bot/outbox/outbox-worker.js';
import { SlackCardSender } from '../../../../src/bot/slack/slack-card-sender.js';
import { kubernetesOverrides } from '../../../support/kubernetes/kubernetes-config.js';
import { forbiddenRequests, shopCluster } from '../../../support/kubernetes/shop-cluster.js';
import { blockText } from '../../slack/block-checks.js';
import { BOT_TOKEN, slackHarness, type SlackHarness } from '../../slack/slack-harness.js';

const ALERTS = 'C0ALERTS';

/** A crashlooping pod on the peer becomes one card, whichever replica sees it, with its logs and working buttons. */
describe('crash cards from the Kubernetes pod watch', () => {
  let shop: Awaited<ReturnType<typeof shopCluster>>;
  let h: SlackHarness;
  let replicas: Array<{ cards: CrashCards; watch: CrashWatch }>;
  let worker: OutboxWorker;
  const errors: unknown[] = [];
  const posts = () => h.fake.callsOf('chat.postMessage').filter((call) => call.args.channel === ALERTS && !call.args.thread_ts);
  const cardMessage = () => [...h.fake.messages.values()].find((message) => message.channel === ALERTS && !message.threadTs)!;

  beforeAll(async () => {
    shop = await shopCluster();
    h = await slackHarness({ overrides: { ...kubernetesOverrides(shop.kubeconfigPath), notifications: { routes: [], defaultChannel: ALERTS, mentionOnCall: [] } } });
    const sender = new SlackCardSender({ token: BOT_TOKEN, slackApiUrl: h.fake.apiUrl });
    // Cards go through the outbox like every event card; this worker sends them (the harness's Slack one may too, once).
    worker = startOutboxWorker(h.opsbot, sender, { logger: { info: () => undefined, warn: () => undefined, error: (...message: unknown[]) => void errors.push(message.join(' ')) }, intervalMs: 50 });
    // Two replicas on one store: each has its own keeper and watcher, as two processes would.
    replicas = [0, 1].map(() => {
      const cards = new CrashCards({ outbox: h.opsbot.outbox, onQueued: () => worker.kick(), kv: h.opsbot.kv, workloads: h.opsbot.backends.workloads, config: h.opsbot.config });
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

  it('posts one card for the crashlooping checkout, with the previous container\'s last lines (redacted) and five buttons', async () => {
    await expect.poll(() => posts().length, { timeout: 5_000 }).toBe(1);
    // Only the replica holding the claim watches: one list and one watch per environment, not two.
    expect(shop.peer.requests.filter((request) => request.path === '/api/v1/namespaces/shop/pods' && request.query.watch).length).toBe(1);
    const card = cardMessage();
    expect(card.text).toBe('CrashLoopBackOff: checkout in production (1 pod(s), 7 restarts)');
    expect(blockText(card.blocks, CRASH_BLOCK_IDS.logs)).toContain('panic: dial tcp 10.0.3.7:5432: connect: connection refused');
    expect(blockText(card.blocks, CRASH_BLOCK_IDS.logs)).toContain('password=[REDACTED]');
    expect(JSON.stringify(card.blocks)).not.toContain('hunter2');
    expect(JSON.stringify(card.blocks)).toContain(EVENT_ACTION_IDS.workloadRollback);
    // Sent from the outbox, whose effect tells the stored card where it landed.
    await expect.poll(async () => (await CrashCards.stored(h.opsbot.kv, 'production/checkout/CrashLoopBackOff'))?.card).toEqual({ channel: ALERTS, ts: card.ts });
    expect(errors).toEqual([]);
  });

  it('a second replica crashing updates the same card in place; no second card', async () => {
    const second = [...shop.peer.cluster.pods.values()].filter((pod) => pod.metadata.namespace === 'shop' && pod.metadata.name.startsWith('checkout-'))[1]!;
    shop.peer.cluster.crashLoop('shop', second.metadata.name, { restarts: 3, reason: 'Error', exitCode: 2, previousLog: ['boom'] });
    await expect.poll(() => h.fake.callsOf('chat.update').filter((call) => String(call.args.text).includes('(2 pod(s), 10 restarts)')).length, { timeout: 5_000 }).toBe(1);
    expect(posts()).toHaveLength(1);
  });

  it('[Logs] answers in the card\'s thread as the clicker; [Restart] proposes through the gateway', async () => {
    const ts = cardMessage().ts;
    for (const [actionId, user] of [[EVENT_ACTION_IDS.workloadLogs, 'U00VIEWER'], [EVENT_ACTION_IDS.workloadRestart, 'U00LEAD']] as const) {
      const response = await h.sender.blockAction({ userId: user, actionId, value: 'production/checkout/CrashLoopBackOff', channelId: ALERTS, messageTs: ts, responseUrl: h.fake.responseUrl('click') });
      expect(response.status).toBe(200);
      await h.frontEnd.idle();
    }
    const thread = h.fake.thread(ALERTS, ts).map((entry) => entry.text).join('\n');
    expect(thread).toContain('<@U00VIEWER> asked for pod_logs');
    expect(thread).toContain('main.main()');
    const [proposed] = await h.opsbot.gateway.listActions(1, { states: ['proposed'] });
    expect(proposed).toMatchObject({ tool: 'restart', requester: 'U00LEAD', args: { service: 'checkout', environment: 'production' } });
    expect(shop.peer.requests.filter((request) => request.method === 'PATCH')).toEqual([]);
  });

  it('a new reason within 10 minutes is throttled; pods running again mark the card recovered', async () => {
    const keeper = replicas[0]!.cards;
    const pod = (name: string, status: string, lastTermination: PodSummary['lastTermination']): PodSummary => ({ name, service: 'checkout', environment: 'production', namespace: 'shop', ready: '0/1', status, restarts: 4, startedAt: null, node: null, container: 'app', lastTermination });
    expect(await keeper.observe({ type: 'MODIFIED', pod: pod('checkout-x-oom01', 'OOMKilled', { reason: 'OOMKilled', exitCode: 137, finishedAt: null }) })).toBe('throttled');
    const stored = await CrashCards.stored(h.opsbot.kv, 'production/checkout/CrashLoopBackOff');
    const names = Object.keys(stored!.pods);
    expect(names).toHaveLength(2);
    expect(await keeper.observe({ type: 'MODIFIED', pod: { ...pod(names[0]!, 'Running', null), ready: '1/1' } })).toBe('updated');
    expect(await keeper.observe({ type: 'DELETED', pod: pod(names[1]!, 'CrashLoopBackOff', null) })).toBe('recovered');
    await expect.poll(() => String(h.fake.callsOf('chat.update').at(-1)?.args.text), { timeout: 5_000 }).toBe('Recovered: checkout in production');
    expect(posts()).toHaveLength(1);
  });
});

/** The receiver wires the watch when `backends.workloads` is Kubernetes: the crashlooping checkout gets its card. */
describe('the webhook receiver with Kubernetes workloads', () => {
  it('watches the configured namespaces and posts the crash card to the route', async () => {
    const { webhookHarness, CHANNELS } = await import('../webhook-harness.js');
    const shop = await shopCluster();
    const h = await webhookHarness({ overrides: kubernetesOverrides(shop.kubeconfigPath) });
    try {
      await expect.poll(() => h.fake.callsOf('chat.postMessage').filter((call) => String(call.args.text).startsWith('CrashLoopBackOff: checkout in production')).length, { timeout: 10_000 }).toBe(1);
      // checkout belongs to team payments; no route names it, so the default channel.
      expect(h.fake.callsOf('chat.postMessage').find((call) => String(call.args.text).startsWith('CrashLoopBackOff'))!.args.channel).toBe(CHANNELS.fallback);
    } finally {
      await h.receiver.stop();
      await h.close();
      expect(forbiddenRequests(shop.peer)).toEqual([]);
      await shop.close();
    }
  });
});
