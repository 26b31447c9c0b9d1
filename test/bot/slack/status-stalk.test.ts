import { afterEach, describe, expect, it } from 'vitest';
import { HandSetMetrics } from '../../support/hand-set-metrics.js';
import { CHANNEL, mention, slackHarness, type SlackHarness } from './slack-harness.js';

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('status stalk in Slack', () => {
  it('reports a watched service status change in the thread where the watch was made, and only changes', async () => {
    const metrics = new HandSetMetrics();
    const h = (harness = await slackHarness({ backends: { metrics } }));
    const threadTs = '1780000900.000100';
    await h.sender.event(mention('U00DEV', 'status stalk payments', threadTs));
    await h.frontEnd.idle();
    expect(h.fake.thread(CHANNEL, threadTs).at(-1)?.text).toContain('Watching payments');

    // A watch made from the shell is not Slack's to report.
    await h.opsbot.gateway.call({ tool: 'status_watch', args: { action: 'stalk', service: 'auth' }, actor: 'U00SRE', origin: { frontEnd: 'shell' } });

    await h.frontEnd.watcher.checkOnce(); // baseline: NORMAL, nothing to report
    await h.frontEnd.watcher.checkOnce();
    metrics.health = 'DEGRADED';
    const changes = await h.frontEnd.watcher.checkOnce();
    await h.frontEnd.idle();
    expect(changes.map((change) => change.watch.target)).toEqual(['payments']);
    const reports = h.fake.callsOf('chat.postMessage').filter((call) => String(call.args.text).includes('status changed'));
    expect(reports).toHaveLength(1);
    expect(reports[0]!.args).toMatchObject({ channel: CHANNEL, thread_ts: threadTs });
    expect(String(reports[0]!.args.text)).toMatch(/\*payments\* status changed: NORMAL → \*DEGRADED\* \(watch started by <@U00DEV>/);

    await h.frontEnd.watcher.checkOnce();
    await h.frontEnd.idle();
    expect(h.fake.callsOf('chat.postMessage').filter((call) => String(call.args.text).includes('status changed'))).toHaveLength(1);
  });

  it('reports a change made right after stalk (the first poll finds it), and lets a colleague in the channel stop the watch', async () => {
    const metrics = new HandSetMetrics();
    const h = (harness = await slackHarness({ backends: { metrics } }));
    const threadTs = '1780000901.000100';
    await h.sender.event(mention('U00DEV', 'status stalk payments', threadTs));
    await h.frontEnd.idle();
    expect(h.fake.thread(CHANNEL, threadTs).at(-1)?.text).toContain('Watching payments: NORMAL.');
    // The change comes 2 s after the stalk, before the watcher's first poll of its 30 s interval.
    metrics.health = 'DOWN';
    await h.frontEnd.watcher.checkOnce();
    await h.frontEnd.idle();
    expect(h.fake.thread(CHANNEL, threadTs).map((message) => message.text)).toContainEqual(expect.stringMatching(/\*payments\* status changed: NORMAL → \*DOWN\*/));

    await h.sender.event(mention('U00SRE', 'status stalk payments', '1780000902.000100'));
    await h.frontEnd.idle();
    expect(h.fake.thread(CHANNEL, '1780000902.000100').at(-1)?.text).toContain('Already watching payments here (started by');
    await h.sender.event(mention('U00SRE', 'status unstalk payments', '1780000903.000100'));
    await h.frontEnd.idle();
    expect(h.fake.thread(CHANNEL, '1780000903.000100').at(-1)?.text).toContain('Stopped watching payments.');
  });
});
