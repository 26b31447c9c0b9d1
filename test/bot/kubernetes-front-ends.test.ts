import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../src/agent/router/command-router.js';
import type { PodSummary } from '../../src/backends/ports/workloads.js';
import { CARD_ACTION_IDS, CARD_BLOCK_IDS } from '../../src/bot/presenter/block-kit.js';
import { runShell } from '../../src/bot/shell/run-shell.js';
import { kubernetesOverrides } from '../support/kubernetes/kubernetes-config.js';
import { forbiddenRequests, shopCluster } from '../support/kubernetes/shop-cluster.js';
import { call, connectInMemory } from './mcp/mcp-test-client.js';
import { blockText } from './slack/block-checks.js';
import { CHANNEL, mention, slackHarness, type SlackHarness } from './slack/slack-harness.js';

// Issue 21's done-when: Slack, MCP and the shell answer from the loopback Kubernetes API server, through the adapters
// `backends.workloads` and `backends.deploys` name in the config (loaded as opsbot loads them, from a kubeconfig file).
describe('the front ends against the Kubernetes API server peer', () => {
  let shop: Awaited<ReturnType<typeof shopCluster>>;
  let h: SlackHarness;

  beforeAll(async () => {
    shop = await shopCluster();
    h = await slackHarness({ overrides: kubernetesOverrides(shop.kubeconfigPath) });
  }, 30_000);
  afterAll(async () => {
    await h?.close();
    // In every test above: nothing outside shop and shop-staging, no secrets, configmaps, exec or delete.
    expect(forbiddenRequests(shop.peer)).toEqual([]);
    expect(shop.peer.requests.length).toBeGreaterThan(10);
    await shop?.close();
  });

  async function ask(user: string, text: string, ts: string): Promise<string> {
    await h.sender.event(mention(user, text, ts));
    await h.frontEnd.idle();
    return h.fake.thread(CHANNEL, ts).map((entry) => entry.text).join('\n');
  }

  describe('Slack', () => {
    it('get pods -n production lists the six pods with the crashlooping one', async () => {
      const answer = await ask('U00VIEWER', 'get pods -n production', '1780100000.000100');
      expect(answer).toContain('All pods in production (namespace shop): 6 pods, 5 ready.');
      expect(answer).toMatch(/checkout-\S+ +0\/1 +CrashLoopBackOff +7 /);
    });

    it('"why is checkout crashlooping?" answers with the last termination and the previous log, redacted', async () => {
      const answer = await ask('U00VIEWER', 'why is checkout crashlooping?', '1780100100.000100');
      expect(answer).toContain('last: Error (exit 2 at <!date^1795255084^{date_short_pretty} {time}|Nov 21 2026, 09:58 UTC>)');
      expect(answer).toContain('panic: dial tcp 10.0.3.7:5432: connect: connection refused');
      expect(answer).not.toContain('hunter2');
    });

    it('scale frontend 5 in production: a card with 3 → 5 replicas; another lead approves; one PATCH of the scale subresource', async () => {
      const ts = '1780100200.000100';
      await ask('U00LEAD', 'scale frontend 5 in production', ts);
      const card = h.fake.thread(CHANNEL, ts).find((entry) => entry.blocks)!;
      expect(blockText(card.blocks, CARD_BLOCK_IDS.details)).toContain('current 3 replicas → proposed 5 replicas');
      const [action] = await h.opsbot.gateway.listActions(1, { states: ['proposed'] });
      const response = await h.sender.blockAction({ userId: 'U00LEAD2', actionId: CARD_ACTION_IDS.approve, value: action!.id, channelId: card.channel, messageTs: card.ts, threadTs: card.threadTs, responseUrl: h.fake.responseUrl('click') });
      expect(response.status).toBe(200);
      await h.frontEnd.idle();
      expect((await h.opsbot.gateway.getAction(action!.id))?.state).toBe('succeeded');
      expect(shop.peer.requests.filter((request) => request.method === 'PATCH').map((request) => request.path)).toEqual(['/apis/apps/v1/namespaces/shop/deployments/frontend/scale']);
    });
  });

  describe('MCP', () => {
    it('pods and pod_logs carry the peer\'s figures in structured content', async () => {
      const session = await connectInMemory(h.opsbot.gateway, 'U00VIEWER');
      try {
        const pods = await call(session.client, 'pods', { service: 'checkout', environment: 'production' });
        const listed = (pods.envelope.data as { pods: PodSummary[] }).pods;
        expect(listed).toHaveLength(3);
        expect(listed.find((pod) => pod.status === 'CrashLoopBackOff')).toMatchObject({ ready: '0/1', restarts: 7, lastTermination: { reason: 'Error', exitCode: 2 } });
        const logs = await call(session.client, 'pod_logs', { service: 'checkout', previous: true, lines: 2 });
        expect((logs.envelope.data as { lines: string[] }).lines).toEqual(['goroutine 1 [running]:', 'main.main()']);
      } finally {
        await session.close();
      }
    });
  });

  describe('the shell', () => {
    it('logs checkout --previous and describe frontend', async () => {
      const input = new PassThrough();
      const output = new PassThrough();
      let printed = '';
      output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
      const done = runShell({ opsbot: h.opsbot, responder: new CommandRouter(h.opsbot.gateway, h.opsbot.config), actor: 'U00VIEWER', input, output, banner: ['opsbot shell (test)'] });
      input.end('logs checkout --previous\ndescribe frontend\n');
      await done;
      expect(printed).toContain('password=[REDACTED]');
      expect(printed).toContain('(app, previous container) in production, last 5 lines:');
      expect(printed).toMatch(/replicas: \d desired, \d\/\d ready/);
      expect(printed).toContain('image: registry.example.com/shop/frontend:v2.3.1 (container app)');
    });
  });
});
