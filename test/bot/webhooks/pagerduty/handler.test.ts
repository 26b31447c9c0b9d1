import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACKNOWLEDGE_ACTION, RESOLVE_ACTION } from '../../../../src/bot/webhooks/pagerduty/card.js';
import { parsePagerDutyEvent } from '../../../../src/bot/webhooks/pagerduty/events.js';
import { handlePagerDutyEvent, pagerDutyButtonCall, type PagerDutyWebhookDependencies, type SlackPoster } from '../../../../src/bot/webhooks/pagerduty/handler.js';
import type { FakePagerDuty } from '../../../support/fake-pagerduty-server.js';
import { pagerDutyOpsbot, startFakePagerDuty, TOKEN } from '../../../backends/pagerduty/pagerduty-fixture.js';
import { incidentDelivery, noteDelivery } from './pagerduty-deliveries.js';

const origin = { frontEnd: 'test' as const, conversationId: 'webhook-test' };

/** Records what would go to Slack. */
class RecordingSlack implements SlackPoster {
  readonly posts: Array<{ channel: string; text: string; blocks?: unknown[]; threadTs?: string; ts: string }> = [];
  readonly updates: Array<{ channel: string; ts: string; text: string; blocks?: unknown[] }> = [];
  async post(message: { channel: string; text: string; blocks?: unknown[]; threadTs?: string }) {
    const ts = `1700000000.${String(this.posts.length + 1).padStart(6, '0')}`;
    this.posts.push({ ...message, ts });
    return { channel: message.channel, ts };
  }
  async update(message: { channel: string; ts: string; text: string; blocks?: unknown[] }) {
    this.updates.push(message);
  }
}

let peer: FakePagerDuty;
let opsbot: Awaited<ReturnType<typeof pagerDutyOpsbot>>;
let slack: RecordingSlack;
let deps: PagerDutyWebhookDependencies;
const incidentChannels = new Map<string, string>();

beforeAll(async () => {
  peer = await startFakePagerDuty();
  opsbot = await pagerDutyOpsbot(peer);
  slack = new RecordingSlack();
  deps = {
    kv: opsbot.kv,
    gateway: opsbot.gateway,
    slack,
    config: opsbot.config,
    routeOf: (team) => (team ? `C0${team.toUpperCase()}` : 'C0OPS'),
    incidentChannelOf: async (id) => incidentChannels.get(id),
  };
});
afterAll(async () => {
  await opsbot.cleanup();
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

const deliver = (raw: string) => handlePagerDutyEvent(parsePagerDutyEvent(raw).event, deps);
const buttonsOf = (blocks: unknown[] | undefined) => ((blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((block) => block.type === 'actions')?.elements ?? [];

describe('PagerDuty webhook handler', () => {
  it("posts an incident opsbot did not open to the owning team's route, once, with Acknowledge and Resolve", async () => {
    const id = await externalIncident('Disk full on db-primary');
    const raw = incidentDelivery({ eventId: '01TRIG', type: 'incident.triggered', incident: id });
    await deliver(raw);
    await deliver(raw);
    const cards = slack.posts.filter((post) => post.text.includes(id));
    expect(cards).toHaveLength(1);
    expect(cards[0]!.channel).toBe('C0WEB');
    expect(buttonsOf(cards[0]!.blocks).map((button) => [button.action_id, button.value])).toEqual([[ACKNOWLEDGE_ACTION, id], [RESOLVE_ACTION, id]]);
  });

  it('a click is the clicker’s own request through the gateway, acting in PagerDuty as their user', async () => {
    const id = await externalIncident('Queue backlog');
    await deliver(incidentDelivery({ eventId: '01TRIG2', type: 'incident.triggered', incident: id, title: 'Queue backlog' }));
    const card = slack.posts.at(-1)!;

    const viewer = await pagerDutyButtonCall(opsbot.gateway, { actionId: RESOLVE_ACTION, value: id, user: 'U00VIEWER', channel: card.channel, messageTs: card.ts });
    expect(viewer.status).toBe('denied');

    const click = await pagerDutyButtonCall(opsbot.gateway, { actionId: ACKNOWLEDGE_ACTION, value: id, user: 'U00DEV', channel: card.channel, messageTs: card.ts });
    expect(click.status).toBe('pending');
    if (click.status !== 'pending') return;
    expect(click.action).toMatchObject({ tool: 'page_respond', requester: 'U00DEV', args: { page: id, action: 'acknowledge' } });
    const done = await opsbot.gateway.confirm(click.action.id, 'U00DEV', origin);
    expect(done.text).toBe(`Page ${id} "Queue backlog" is now acknowledged (by <@U00DEV>).`);
    const put = peer.requestsTo('PUT', `/incidents/${id}`).at(-1)!;
    expect(put.headers.from).toBe('dana@example.com');
    expect(peer.incidents.find((incident) => incident.id === id)!.status_changes).toEqual([{ status: 'acknowledged', by: 'PDANA01' }]);

    // PagerDuty tells us back; the card is redrawn in place, without the Acknowledge button.
    await deliver(incidentDelivery({ eventId: '01ACK2', type: 'incident.acknowledged', incident: id, title: 'Queue backlog', status: 'acknowledged', agent: { id: 'PDANA01', summary: 'Dana Developer' }, occurredAt: '2026-11-18T14:01:00.000Z' }));
    const redrawn = slack.updates.at(-1)!;
    expect(redrawn).toMatchObject({ channel: card.channel, ts: card.ts, text: `PagerDuty acknowledged: Queue backlog (${id})` });
    expect(buttonsOf(redrawn.blocks).map((button) => button.action_id)).toEqual([RESOLVE_ACTION]);

    // An older delivery arriving late does not undo it; resolve removes the buttons.
    const updates = slack.updates.length;
    await deliver(incidentDelivery({ eventId: '01OLD2', type: 'incident.reassigned', incident: id, occurredAt: '2026-11-18T13:59:30.000Z' }));
    expect(slack.updates).toHaveLength(updates);
    await deliver(incidentDelivery({ eventId: '01RES2', type: 'incident.resolved', incident: id, status: 'resolved', occurredAt: '2026-11-18T14:02:00.000Z' }));
    expect(buttonsOf(slack.updates.at(-1)!.blocks)).toEqual([]);
  });

  it('an incident opsbot opened gets no route card; its events go to the opsbot incident channel', async () => {
    const declared = await opsbot.gateway.call({ tool: 'incident_declare', args: { title: 'Payments down', severity: 'high' }, actor: 'U00LEAD', origin });
    if (declared.status !== 'pending') throw new Error(declared.text);
    const result = await opsbot.gateway.confirm(declared.action.id, 'U00LEAD', origin);
    const incidentId = /INC-\d{4}-\d{4}/.exec(result.text)![0];
    incidentChannels.set(incidentId, 'C0INC42');
    const pd = peer.incidents.at(-1)!;
    const posts = slack.posts.length;

    await deliver(incidentDelivery({ eventId: '01OPS1', type: 'incident.triggered', incident: pd.id, incidentKey: pd.incident_key, assignees: [{ id: 'PLEE001', summary: 'Lee Lead' }] }));
    await deliver(noteDelivery({ eventId: '01OPS2', incident: pd.id, content: 'rolling back payments', agent: { id: 'PSAM001', summary: 'Sam Reliability' } }));
    expect(slack.posts.slice(posts).map((post) => [post.channel, post.text])).toEqual([
      ['C0INC42', `PagerDuty ${pd.id} triggered, assigned to Lee Lead.`],
      ['C0INC42', `Note on PagerDuty ${pd.id} by Sam Reliability: rolling back payments`],
    ]);
  });

  it('a page opsbot sent (its incident key) is not posted again as a foreign incident', async () => {
    const posts = slack.posts.length;
    await deliver(incidentDelivery({ eventId: '01PAGE', type: 'incident.triggered', incident: 'PPAGE01', incidentKey: 'opsbot-act_123' }));
    expect(slack.posts).toHaveLength(posts);
  });
});
