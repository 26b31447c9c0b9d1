import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockText, buttonsOf, CHANNELS, webhookHarness, type WebhookHarness } from './webhook-harness.js';

/** A `pull_request` payload as GitHub sends it (the fields opsbot reads, plus a few it does not). */
function pullRequest(action: string, pull: { number: number; title?: string; head?: string; base?: string; merged?: boolean; labels?: string[]; author?: string; mergedBy?: string; body?: string }) {
  return {
    action,
    number: pull.number,
    pull_request: {
      number: pull.number,
      title: pull.title ?? `Change ${pull.number}`,
      html_url: `https://github.com/acme/frontend/pull/${pull.number}`,
      state: action === 'closed' ? 'closed' : 'open',
      merged: pull.merged ?? false,
      merged_at: pull.merged ? '2026-12-01T10:00:00Z' : null,
      body: pull.body ?? null,
      labels: (pull.labels ?? []).map((name, index) => ({ id: index, name, color: 'ededed' })),
      user: { login: pull.author ?? 'dana-dev', id: 1 },
      merged_by: pull.merged ? { login: pull.mergedBy ?? 'lee-lead', id: 2 } : null,
      head: { ref: pull.head ?? `feature-${pull.number}`, sha: 'abc' },
      base: { ref: pull.base ?? 'main', sha: 'def' },
    },
    repository: { id: 9, full_name: 'acme/frontend', name: 'frontend', owner: { login: 'acme' } },
    sender: { login: pull.mergedBy ?? 'lee-lead', id: 2 },
  };
}

const RELEASE_BODY = 'Release v2026.12.0: 2 pull request(s) merged since v2026.11.3.\n\n### Features\n- #41 New checkout (@dana-dev)';

describe('webhook receiver: GitHub deliveries', () => {
  let h: WebhookHarness;
  beforeEach(async () => {
    h = await webhookHarness();
  });
  afterEach(async () => h.close());

  it('refuses a bad or missing signature with 401 and no effect', async () => {
    await h.github('pull_request', pullRequest('opened', { number: 50, head: 'release/v2026.12.0' }));
    const payload = pullRequest('closed', { number: 51, merged: true, labels: ['release'] });
    const bad = await h.github('pull_request', payload, { signature: 'sha256=' + '0'.repeat(64) });
    const missing = await h.post('/hooks/github', JSON.stringify(payload), { 'x-github-event': 'pull_request', 'x-github-delivery': 'd-missing' });
    expect([bad.status, missing.status]).toEqual([401, 401]);
    expect(bad.text).not.toContain('Change 51');
    await h.receiver.idle();
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('answers 202 to events it does not handle, and 413 to a 2 MB body even when signed', async () => {
    expect((await h.github('ping', { zen: 'Keep it logically awesome.', hook_id: 1 })).status).toBe(202);
    expect((await h.github('star', { action: 'created' })).status).toBe(202);
    const huge = JSON.stringify({ ...pullRequest('opened', { number: 1 }), padding: 'x'.repeat(2 * 1024 * 1024) });
    expect((await h.github('pull_request', undefined, { raw: huge })).status).toBe(413);
    expect((await h.github('pull_request', undefined, { raw: '{"action":' })).status).toBe(400);
    await h.receiver.idle();
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('counts labelled merges on one [Update release PR] card while the release PR is open, exactly once per delivery', async () => {
    await h.github('pull_request', pullRequest('opened', { number: 50, title: 'Release v2026.12.0', head: 'release/v2026.12.0' }));
    const merged = pullRequest('closed', { number: 51, title: 'Faster search', merged: true, labels: ['release', 'feature'] });
    const first = await h.github('pull_request', merged, { deliveryId: 'delivery-51' });
    // GitHub's redelivery keeps the delivery id.
    const replay = await h.github('pull_request', merged, { deliveryId: 'delivery-51' });
    expect(first.status).toBe(202);
    expect(JSON.parse(replay.text)).toMatchObject({ duplicates: 1 });
    // Not labelled: not counted.
    await h.github('pull_request', pullRequest('closed', { number: 52, merged: true, labels: ['chore'] }));
    await h.receiver.idle();
    const posted = h.fake.callsOf('chat.postMessage');
    expect(posted).toHaveLength(1);
    // acme/frontend is the frontend service, which no route names: the default channel.
    expect(posted[0]!.args.channel).toBe(CHANNELS.fallback);
    const card = [...h.fake.messages.values()][0]!;
    expect(card.text).toContain('1 labelled PR(s) merged since the release PR was last updated');
    expect(blockText(card.blocks)).toContain('Faster search by <@U00DEV>, merged by <@U00LEAD>');
    expect(buttonsOf(card.blocks).map((button) => button.action_id)).toEqual(['opsbot_release_prepare']);

    await h.github('pull_request', pullRequest('closed', { number: 53, title: 'Fix login', merged: true, labels: ['release'], author: 'stranger' }));
    await h.receiver.idle();
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(h.fake.message(card.channel, card.ts)!.text).toContain('2 labelled PR(s)');
    expect(blockText(h.fake.message(card.channel, card.ts)!.blocks)).toContain('Fix login by @stranger');

    // release_prepare edits the release PR: the count starts again, on a new card.
    await h.github('pull_request', pullRequest('edited', { number: 50, head: 'release/v2026.12.0' }));
    await h.github('pull_request', pullRequest('closed', { number: 54, merged: true, labels: ['release'] }));
    await h.receiver.idle();
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(2);
    expect(String(h.fake.callsOf('chat.postMessage')[1]!.args.text)).toContain('1 labelled PR(s)');
  });

  it('ignores labelled merges when no release PR is open', async () => {
    await h.github('pull_request', pullRequest('closed', { number: 51, merged: true, labels: ['release'] }));
    await h.receiver.idle();
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('posts "Release vX.Y.Z is merged" with the drafted notes and [Publish release] when the release PR merges', async () => {
    await h.github('pull_request', pullRequest('opened', { number: 50, head: 'release/v2026.12.0' }));
    await h.github('pull_request', pullRequest('closed', { number: 50, head: 'release/v2026.12.0', merged: true, body: RELEASE_BODY, mergedBy: 'lee-lead' }));
    await h.receiver.idle();
    const [posted] = h.fake.callsOf('chat.postMessage');
    expect(posted!.args.text).toBe('Release v2026.12.0 is merged');
    const text = blockText(posted!.args.blocks as unknown[]);
    expect(text).toContain('#41 New checkout (@dana-dev)');
    expect(text).toContain('merged by <@U00LEAD>');
    expect(buttonsOf(posted!.args.blocks as unknown[]).map((button) => button.action_id)).toEqual(['opsbot_release_publish']);
    // The release PR is closed now: a later labelled merge starts nothing until the next one opens.
    await h.github('pull_request', pullRequest('closed', { number: 60, merged: true, labels: ['release'] }));
    await h.receiver.idle();
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('a signed body re-sent under new X-GitHub-Delivery ids posts nothing new: the event is deduped by its own identity', async () => {
    await h.github('pull_request', pullRequest('opened', { number: 70, head: 'release/v7.7.7' }));
    const merged = { ...pullRequest('closed', { number: 70, head: 'release/v7.7.7', merged: true, body: 'Release v7.7.7', mergedBy: 'lee-lead' }) };
    merged.pull_request = { ...merged.pull_request, merge_commit_sha: '7777777777777777777777777777777777777777', updated_at: '2026-12-01T10:00:00Z' } as typeof merged.pull_request;
    const raw = JSON.stringify(merged);
    const answers = [];
    for (const deliveryId of ['replay-1', 'replay-2', 'replay-3']) answers.push(JSON.parse((await h.github('pull_request', undefined, { raw, deliveryId })).text));
    await h.receiver.idle();
    expect(answers).toEqual([{ accepted: 1, duplicates: 0 }, { accepted: 0, duplicates: 1 }, { accepted: 0, duplicates: 1 }]);
    expect(h.fake.callsOf('chat.postMessage').filter((call) => call.args.text === 'Release v7.7.7 is merged')).toHaveLength(1);
    expect(await h.receiver.deliveries.get('github', 'replay-2')).toMatchObject({ outcome: 'ignored', detail: expect.stringContaining('replayed') });
    // A different event of the same PR (edited later) is still news.
    const edited = { ...pullRequest('edited', { number: 70, head: 'release/v7.7.7', merged: true }) };
    edited.pull_request = { ...edited.pull_request, updated_at: '2026-12-01T11:00:00Z' } as typeof edited.pull_request;
    expect(JSON.parse((await h.github('pull_request', edited)).text)).toEqual({ accepted: 1, duplicates: 0 });
  });
});
