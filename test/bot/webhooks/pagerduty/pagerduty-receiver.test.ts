import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_ACTION_IDS } from '../../../../src/bot/presenter/block-kit.js';
import { ACKNOWLEDGE_ACTION, RESOLVE_ACTION } from '../../../../src/bot/webhooks/pagerduty/card.js';
import { signPagerDutyBody } from '../../../../src/bot/webhooks/pagerduty/signature.js';
import { pagerDutyOverrides, startFakePagerDuty, TOKEN } from '../../../backends/pagerduty/pagerduty-fixture.js';
import type { FakePagerDuty } from '../../../support/fake-pagerduty-server.js';
import type { StoredMessage } from '../../../support/fake-slack-api.js';
import { buttonsOf, CHANNELS, PAGERDUTY_SECRET, webhookHarness, type WebhookHarness } from '../webhook-harness.js';
import { incidentDelivery, noteDelivery } from './pagerduty-deliveries.js';

const WEB_CHANNEL = 'C0WEBTEAM';
const PREVIOUS_SECRET = 'pd-webhook-secret-previous-4c1d';

/**
 * PagerDuty v3 deliveries through the real receiver over HTTP: signatures, dedupe on event id, the card on the
 * owning team's route updated by later events, and its buttons as the clicker's `page_respond` through the gateway
 * reaching the loopback PagerDuty peer as the clicker's PagerDuty user.
 */
describe('POST /hooks/pagerduty', () => {
  let peer: FakePagerDuty;
  let h: WebhookHarness;

  beforeAll(async () => {
    peer = await startFakePagerDuty();
    h = await webhookHarness({
      overrides: {
        ...pagerDutyOverrides(peer.url),
        notifications: { routes: [{ match: { team: 'web' }, channel: WEB_CHANNEL }], defaultChannel: CHANNELS.fallback },
      },
      // The subscription's secret is being rotated: both are current.
      env: { PAGERDUTY_TOKEN: TOKEN, PD_SECRET: `${PREVIOUS_SECRET},${PAGERDUTY_SECRET}` },
    });
  });
  afterAll(async () => {
    await h.close();
    await peer.stop();
  });

  /** An incident someone opened in PagerDuty itself (monitoring, the web UI), not through opsbot. */
  async function externalIncident(title: string): Promise<string> {
    const response = await fetch(`${peer.url}/incidents`, {
      method: 'POST',
      headers: { Authorization: `Token token=${TOKEN}`, Accept: 'application/vnd.pagerduty+json;version=2', 'Content-Type': 'application/json', From: 'nora@example.com' },
      body: JSON.stringify({ incident: { type: 'incident', title, service: { id: 'PSERVICE1', type: 'service_reference' }, assignments: [{ assignee: { id: 'PDANA01', type: 'user_reference' } }] } }),
    });
    return ((await response.json()) as { incident: { id: string } }).incident.id;
  }
  const deliver = async (raw: string, options?: { secrets?: string[]; signature?: string }) => {
    const response = await h.pagerduty(raw, options);
    await h.receiver.idle();
    return response;
  };
  const cardsOf = (incident: string): StoredMessage[] => [...h.fake.messages.values()].filter((entry) => !entry.threadTs && entry.text.includes(`(${incident})`));
  const click = async (userId: string, actionId: string, card: StoredMessage, value: string, threadTs?: string) => {
    const before = h.fake.calls.length;
    const response = await h.sender.blockAction({ userId, actionId, value, channelId: card.channel, messageTs: card.ts, threadTs, responseUrl: h.fake.responseUrl('click') });
    expect(response.status).toBe(200);
    await h.frontEnd.idle();
    return h.fake.calls.slice(before);
  };

  it('a signed triggered incident is one card on the owning team’s route; bad and missing signatures change nothing', async () => {
    const id = await externalIncident('Disk full on db-primary');
    const raw = incidentDelivery({ eventId: '01TRIG', type: 'incident.triggered', incident: id, escalationPolicy: 'PEPWEB1' });

    expect((await deliver(raw, { secrets: ['pd-some-other-secret-000000'] })).status).toBe(401);
    expect((await deliver(raw, { signature: '' })).status).toBe(401);
    expect((await deliver(raw.replace('Disk full', 'Disk fine'), { signature: signPagerDutyBody(raw, [PAGERDUTY_SECRET]) })).status).toBe(401);
    expect(cardsOf(id)).toHaveLength(0);

    const first = await deliver(raw);
    expect(first.status).toBe(202);
    expect(JSON.parse(first.text)).toEqual({ accepted: 1, duplicates: 0 });
    // PagerDuty's retry of the same event: acknowledged, never a second card.
    expect(JSON.parse((await deliver(raw)).text)).toEqual({ accepted: 0, duplicates: 1 });

    const cards = cardsOf(id);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.channel).toBe(WEB_CHANNEL);
    expect(buttonsOf(cards[0]!.blocks).map((button) => [button.action_id, button.value])).toEqual([[ACKNOWLEDGE_ACTION, id], [RESOLVE_ACTION, id]]);
    expect(await h.receiver.deliveries.get('pagerduty', '01TRIG')).toMatchObject({ outcome: 'queued' });
  });

  it('during a secret rotation a delivery signed with either secret is accepted', async () => {
    const id = await externalIncident('Cache evictions');
    expect((await deliver(incidentDelivery({ eventId: '01ROT1', type: 'incident.triggered', incident: id, title: 'Cache evictions' }), { secrets: [PREVIOUS_SECRET] })).status).toBe(202);
    // What PagerDuty sends while both are live: one v1= signature per secret.
    expect((await deliver(incidentDelivery({ eventId: '01ROT2', type: 'incident.reassigned', incident: id, title: 'Cache evictions', occurredAt: '2026-11-18T14:00:30.000Z', assignees: [{ id: 'PWES001', summary: 'Wes Web' }] }), { secrets: [PREVIOUS_SECRET, PAGERDUTY_SECRET] })).status).toBe(202);
    const [card] = cardsOf(id);
    expect(card!.text).toBe(`PagerDuty triggered: Cache evictions (${id})`);
    expect(JSON.stringify(card!.blocks)).toContain('Wes Web');
  });

  it('an event type opsbot does not act on is 202 and ignored; a body that is not a v3 event is 400', async () => {
    const ping = await deliver(JSON.stringify({ event: { id: '01PING', event_type: 'pagey.ping', resource_type: 'pagey', occurred_at: '2026-11-18T14:00:00Z', data: {} } }));
    expect(ping.status).toBe(202);
    expect(JSON.parse(ping.text)).toEqual({ ignored: 'PagerDuty event pagey.ping' });
    expect((await deliver(JSON.stringify({ messages: [] }))).status).toBe(400);
    expect((await deliver('not json')).status).toBe(400);
  });

  it('Acknowledge: refused privately without rights; with them a page_respond that reaches PagerDuty as the clicker', async () => {
    const id = await externalIncident('Queue backlog');
    await deliver(incidentDelivery({ eventId: '01TRIG2', type: 'incident.triggered', incident: id, title: 'Queue backlog' }));
    const card = cardsOf(id)[0]!;

    const refused = await click('U00VIEWER', ACKNOWLEDGE_ACTION, card, id);
    const ephemeral = refused.filter((call) => call.method === 'chat.postEphemeral' && call.args.user === 'U00VIEWER');
    expect(ephemeral.map((call) => String(call.args.text)).join()).toMatch(/Refused/);
    expect(refused.some((call) => call.method === 'chat.postMessage')).toBe(false);
    expect((await h.opsbot.gateway.listActions(20)).filter((action) => action.tool === 'page_respond')).toHaveLength(0);

    await click('U00DEV', ACKNOWLEDGE_ACTION, card, id);
    const [action] = (await h.opsbot.gateway.listActions(20)).filter((entry) => entry.tool === 'page_respond');
    expect(action).toMatchObject({ requester: 'U00DEV', state: 'proposed', args: { page: id, action: 'acknowledge' } });
    expect(action!.origin).toMatchObject({ frontEnd: 'slack', channel: card.channel, threadTs: card.ts });
    const confirmation = h.fake.thread(card.channel, card.ts).find((entry) => buttonsOf(entry.blocks).some((button) => button.value === action!.id))!;
    expect(confirmation).toBeDefined();
    expect(peer.requestsTo('PUT', `/incidents/${id}`)).toHaveLength(0);

    await click('U00DEV', CARD_ACTION_IDS.approve, confirmation, action!.id, card.ts);
    expect((await h.opsbot.gateway.getAction(action!.id))?.state).toBe('succeeded');
    const put = peer.requestsTo('PUT', `/incidents/${id}`).at(-1)!;
    expect(put.headers.from).toBe('dana@example.com');
    expect(peer.incidents.find((incident) => incident.id === id)!.status_changes).toEqual([{ status: 'acknowledged', by: 'PDANA01' }]);

    // PagerDuty tells us back: the card is redrawn in place, without Acknowledge; a note goes to its thread.
    await deliver(incidentDelivery({ eventId: '01ACK2', type: 'incident.acknowledged', incident: id, title: 'Queue backlog', status: 'acknowledged', agent: { id: 'PDANA01', summary: 'Dana Developer' }, occurredAt: '2026-11-18T14:01:00.000Z' }));
    const redrawn = h.fake.message(card.channel, card.ts)!;
    expect(redrawn.text).toBe(`PagerDuty acknowledged: Queue backlog (${id})`);
    expect(buttonsOf(redrawn.blocks).map((button) => button.action_id)).toEqual([RESOLVE_ACTION]);
    await deliver(noteDelivery({ eventId: '01NOTE2', incident: id, content: 'draining <!channel> workers', agent: { id: 'PDANA01', summary: 'Dana Developer' } }));
    expect(h.fake.thread(card.channel, card.ts).map((entry) => entry.text)).toContain(`Note on PagerDuty ${id} by Dana Developer: draining &lt;!channel&gt; workers`);

    // A late, older delivery does not undo it; resolved takes the buttons away.
    await deliver(incidentDelivery({ eventId: '01OLD2', type: 'incident.reassigned', incident: id, occurredAt: '2026-11-18T13:59:30.000Z' }));
    expect(h.fake.message(card.channel, card.ts)!.text).toContain('acknowledged');
    await deliver(incidentDelivery({ eventId: '01RES2', type: 'incident.resolved', incident: id, status: 'resolved', occurredAt: '2026-11-18T14:02:00.000Z' }));
    expect(buttonsOf(h.fake.message(card.channel, card.ts)!.blocks)).toEqual([]);
    expect(cardsOf(id)).toHaveLength(1);
  });

  it('a button naming an incident opsbot has no card for does nothing and says so', async () => {
    const card = [...h.fake.messages.values()].find((entry) => entry.channel === WEB_CHANNEL)!;
    const calls = await click('U00DEV', RESOLVE_ACTION, card, 'PNOTOURS1');
    expect(calls.filter((call) => call.method === 'chat.postEphemeral').map((call) => String(call.args.text)).join()).toContain('PagerDuty card is no longer known');
    expect((await h.opsbot.gateway.listActions(20)).filter((action) => action.tool === 'page_respond' && action.args.page === 'PNOTOURS1')).toHaveLength(0);
  });

  it('events about an incident opsbot declared go to its incident channel, and no route card is posted', async () => {
    const origin = { frontEnd: 'cli' as const };
    const declared = await h.opsbot.gateway.call({ tool: 'incident_declare', args: { title: 'Payments down', severity: 'high' }, actor: 'U00LEAD', origin });
    if (declared.status !== 'pending') throw new Error(declared.text);
    await h.opsbot.gateway.confirm(declared.action.id, 'U00LEAD', origin);
    await h.frontEnd.idle();
    const [incident] = await h.opsbot.backends.incidents.list({ openOnly: true });
    const channel = (await h.frontEnd.incidents.channelOf(incident!.id))!.channel;
    const pd = peer.incidents.at(-1)!;
    const before = h.fake.messages.size;

    await deliver(incidentDelivery({ eventId: '01OPS1', type: 'incident.triggered', incident: pd.id, incidentKey: pd.incident_key, assignees: [{ id: 'PLEE001', summary: 'Lee Lead' }] }));
    await deliver(noteDelivery({ eventId: '01OPS2', incident: pd.id, content: 'rolling back payments', agent: { id: 'PSAM001', summary: 'Sam Reliability' } }));
    const added = [...h.fake.messages.values()].slice(before);
    expect(added.map((entry) => [entry.channel, entry.text])).toEqual([
      [channel, `PagerDuty ${pd.id} triggered, assigned to Lee Lead.`],
      [channel, `Note on PagerDuty ${pd.id} by Sam Reliability: rolling back payments`],
    ]);
  });

  it('a page opsbot sent (its incident key) is not posted again as a foreign incident', async () => {
    const before = h.fake.messages.size;
    await deliver(incidentDelivery({ eventId: '01PAGE', type: 'incident.triggered', incident: 'PPAGE01', incidentKey: 'opsbot-act_123' }));
    expect(h.fake.messages.size).toBe(before);
    expect(await h.receiver.deliveries.get('pagerduty', '01PAGE')).toMatchObject({ outcome: 'ignored' });
  });
});
