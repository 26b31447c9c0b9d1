import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackManifest, UNFURL_SCOPES } from '../../../src/bot/slack/manifest.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { decodePng } from '../../charts/png-checks.js';
import { GRAFANA_DASHBOARDS, GRAFANA_TOKEN } from '../../backends/grafana/grafana-fixture.js';
import { type FakeGrafana, startFakeGrafana } from '../../support/fake-grafana-server.js';
import { CHANNEL, slackHarness, type SlackHarness } from './slack-harness.js';

function linkShared(user: string, ts: string, urls: string[]): Record<string, unknown> {
  return { type: 'link_shared', channel: CHANNEL, is_bot_user_member: true, user, message_ts: ts, unfurl_id: `C-${ts}`, source: 'conversations_history', links: urls.map((url) => ({ domain: new URL(url).hostname, url })), event_ts: ts };
}

describe('Slack previews of Grafana links', () => {
  let peer: FakeGrafana;
  let h: SlackHarness;
  beforeAll(async () => {
    peer = await startFakeGrafana({ token: GRAFANA_TOKEN, dashboards: GRAFANA_DASHBOARDS });
    const backends = { dashboards: { adapter: 'grafana', url: peer.url, token: 'env:GRAFANA_TOKEN' } } as ConfigInput['backends'];
    h = await slackHarness({ overrides: { backends }, env: { GRAFANA_TOKEN } });
  });
  afterAll(async () => {
    await h.close();
    await peer.stop();
  });

  it('unfurls a panel link on the configured Grafana with the panel Grafana rendered, as an image of a file uploaded for it', async () => {
    const link = `${peer.url}/d/Xk3checkout/checkout?viewPanel=3&from=1763730000000&to=1763733600000&var-service=api`;
    const ts = '1780000400.000100';
    await h.sender.event(linkShared('U00VIEWER', ts, [link, 'https://example.org/d/elsewhere/x']));
    await h.frontEnd.idle();
    expect(h.fake.unfurls).toHaveLength(1);
    const [unfurl] = h.fake.unfurls;
    expect(unfurl).toMatchObject({ unfurlId: `C-${ts}`, source: 'conversations_history' });
    // Only the configured host's link gets a preview.
    expect(Object.keys(unfurl!.unfurls)).toEqual([link]);
    const [section, image] = unfurl!.unfurls[link]!.blocks!;
    expect((section!.text as { text: string }).text).toMatch(/^\*Checkout: Checkout errors\*\nCheckout dashboard, 13:00–14:00 UTC \(api\): /);
    const file = h.fake.uploads.get((image!.slack_file as { id: string }).id)!;
    expect(file.completed?.channel).toBe('');
    const png = decodePng(file.bytes!);
    expect([png.width, png.height]).toEqual([800, 400]);
    const render = peer.requests.filter((request) => request.path.startsWith('/render/')).at(-1)!;
    expect(render.path).toBe('/render/d-solo/Xk3checkout/checkout');
    expect(render.query.get('var-service')).toBe('api');
    expect(image!.alt_text).toBe('the Checkout errors panel of Checkout, 13:00 to 14:00 UTC, service=api, env=production.');
  });

  it('gives no preview to a link elsewhere, or to a person who may not read metrics', async () => {
    const before = h.fake.unfurls.length;
    await h.sender.event(linkShared('U00VIEWER', '1780000401.000100', ['https://grafana.other.example/d/Xk3checkout/checkout']));
    await h.sender.event(linkShared('U0STRANGER', '1780000402.000100', [`${peer.url}/d/Xk3checkout/checkout`]));
    await h.frontEnd.idle();
    expect(h.fake.unfurls.length).toBe(before);
  });

  it('asks for the link scopes and the link_shared event in the manifest only with Grafana configured', () => {
    const manifest = slackManifest({ config: h.opsbot.config }) as { features: { unfurl_domains?: string[] }; oauth_config: { scopes: { bot: string[] } }; settings: { event_subscriptions: { bot_events: string[] } } };
    expect(manifest.features.unfurl_domains).toEqual(['127.0.0.1']);
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining([...UNFURL_SCOPES]));
    expect(manifest.settings.event_subscriptions.bot_events).toContain('link_shared');
    const plain = slackManifest() as typeof manifest;
    expect(plain.features.unfurl_domains).toBeUndefined();
    expect(plain.oauth_config.scopes.bot).not.toContain('links:write');
  });
});
