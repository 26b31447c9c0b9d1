import { afterEach, describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../../src/bot/slack/manifest.js';
import { decodePng } from '../../charts/png-checks.js';
import { CHANNEL, mention, slackHarness, type SlackHarness } from './slack-harness.js';

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('charts in Slack threads', () => {
  it('answers "how\'s frontend load?" and puts the chart in the same thread through the three-step upload', async () => {
    const h = (harness = await slackHarness());
    const ts = '1780000300.000100';
    await h.sender.event(mention('U00VIEWER', "how's frontend load?", ts));
    await h.frontEnd.idle();
    const [answer] = h.fake.thread(CHANNEL, ts);
    expect(answer?.text).toMatch(/^frontend \(production\) over the last 1h/);
    // files.getUploadURLExternal → POST to the upload URL → files.completeUploadExternal, in that order, after the answer.
    const methods = h.fake.calls.map((call) => call.method);
    const steps = ['chat.postMessage', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal'].map((method) => methods.indexOf(method));
    expect(steps.every((index) => index >= 0)).toBe(true);
    expect([...steps].sort((left, right) => left - right)).toEqual(steps);
    const [file] = h.fake.threadFiles(CHANNEL, ts);
    expect(file?.completed).toMatchObject({ channel: CHANNEL, threadTs: ts, title: 'frontend (production), last 1h' });
    expect(file?.filename).toBe('frontend-production-last-1h.png');
    expect(file?.altText).toMatch(/^frontend \(production\), last 1h, \d\d:\d\d to \d\d:\d\d UTC\. requests: frontend now [\d.]+ req\/s/);
    const png = decodePng(file!.bytes!);
    expect([png.width, png.height]).toEqual([800, 474]);
    expect(h.fake.callsOf('files.getUploadURLExternal')[0]!.args.length).toBe(String(file!.bytes!.length));
  });

  it('keeps the text answer and says the chart could not be attached when the upload fails', async () => {
    const h = (harness = await slackHarness());
    h.fake.uploadStatus = 500;
    const ts = '1780000301.000100';
    await h.sender.event(mention('U00VIEWER', 'status frontend load', ts));
    await h.frontEnd.idle();
    const texts = h.fake.thread(CHANNEL, ts).map((entry) => entry.text);
    expect(texts[0]).toMatch(/^frontend \(production\) over the last 1h/);
    expect(texts[1]).toMatch(/^The chart "frontend \(production\), last 1h" could not be attached; the figures above stand \(ref `[0-9a-f]{6}`\)\.$/);
    expect(h.fake.callsOf('files.completeUploadExternal')).toEqual([]);
    expect(h.logs.join('\n')).toMatch(/chart upload \(frontend \(production\), last 1h\) failed/);
  });

  it('names the Slack error when a step is refused', async () => {
    const h = (harness = await slackHarness());
    h.fake.fail('files.getUploadURLExternal', 'missing_scope');
    const ts = '1780000302.000100';
    await h.sender.event(mention('U00VIEWER', 'dashboard cpu-usage', ts));
    await h.frontEnd.idle();
    const texts = h.fake.thread(CHANNEL, ts).map((entry) => entry.text);
    expect(texts[0]).toMatch(/^CPU usage dashboard, last 1h:/);
    expect(texts[1]).toContain('could not be attached (missing_scope)');
  });

  it('asks for files:write in the manifest', () => {
    expect(BOT_SCOPES).toContain('files:write');
  });
});
