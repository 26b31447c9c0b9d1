import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubernetesOverrides } from '../../support/kubernetes/kubernetes-config.js';
import { CRASH_LOG, shopCluster } from '../../support/kubernetes/shop-cluster.js';
import { CHANNEL, mention, slackHarness, type SlackHarness } from './slack-harness.js';

// Issue 21: a long pod log goes into the thread as a file, with a short message beside it; a short one stays inline.
describe('pod_logs in Slack', () => {
  let shop: Awaited<ReturnType<typeof shopCluster>>;
  let h: SlackHarness;
  // 200 lines of the crashed container, the demo's secret among them.
  const longLog = Array.from({ length: 200 }, (_, index) => CRASH_LOG[index % CRASH_LOG.length]!.replace('checkout on', `checkout #${index} on`));

  beforeAll(async () => {
    shop = await shopCluster();
    for (const [key, log] of shop.peer.cluster.logs) if (log.previous?.length) shop.peer.cluster.logs.set(key, { ...log, previous: longLog });
    h = await slackHarness({ overrides: kubernetesOverrides(shop.kubeconfigPath) });
  }, 30_000);
  afterAll(async () => {
    await h?.close();
    await shop?.close();
  });

  async function ask(text: string, ts: string): Promise<{ message: string; files: ReturnType<SlackHarness['fake']['threadFiles']> }> {
    await h.sender.event(mention('U00VIEWER', text, ts));
    await h.frontEnd.idle();
    return { message: h.fake.thread(CHANNEL, ts).map((entry) => entry.text).join('\n'), files: h.fake.threadFiles(CHANNEL, ts) };
  }

  it('200 lines of the previous container: a short message and the whole redacted log as one file', async () => {
    const { message, files } = await ask('logs checkout --previous -n 200', '1780200000.000100');
    expect(message).toContain('previous container');
    expect(message).toContain('200 lines');
    expect(message.split('\n').length).toBeLessThan(15);
    expect(message).not.toContain('hunter2');
    expect(files).toHaveLength(1);
    const content = files[0]!.bytes!.toString('utf8');
    expect(content.split('\n')).toHaveLength(200);
    expect(content).toContain('panic: dial tcp 10.0.3.7:5432: connect: connection refused');
    expect(content).toContain('starting checkout #195 on :8080');
    expect(content).toContain('password=[REDACTED]');
    expect(content).not.toContain('hunter2');
  });

  it('10 lines stay inline, with no upload', async () => {
    const { message, files } = await ask('logs checkout --previous -n 10', '1780200100.000100');
    expect(message).toContain('last 10 lines');
    expect(message).toContain('panic: dial tcp 10.0.3.7:5432: connect: connection refused');
    expect(message).not.toContain('hunter2');
    expect(files).toEqual([]);
  });
});
