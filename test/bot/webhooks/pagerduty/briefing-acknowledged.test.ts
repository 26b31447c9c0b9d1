import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pagerDutyOverrides, startFakePagerDuty, TOKEN } from '../../../backends/pagerduty/pagerduty-fixture.js';
import type { FakePagerDuty } from '../../../support/fake-pagerduty-server.js';
import { webhookHarness, type WebhookHarness } from '../webhook-harness.js';
import { incidentDelivery } from './pagerduty-deliveries.js';

const CLI = { frontEnd: 'cli' } as const;

/**
 * The briefing of a declared incident shows its page's PagerDuty state; PagerDuty's later `incident.acknowledged`
 * for that page, a signed v3 delivery to the receiver, redraws the same message in place to say who acknowledged it.
 */
describe('a declared incident’s briefing when PagerDuty acknowledges its page', () => {
  let peer: FakePagerDuty;
  let h: WebhookHarness;

  beforeAll(async () => {
    peer = await startFakePagerDuty();
    const pagerDuty = pagerDutyOverrides(peer.url);
    const demo = { adapter: 'demo' } as const;
    // PagerDuty pages and knows who is on call; the incident record itself stays opsbot's own.
    h = await webhookHarness({ overrides: { ...pagerDuty, backends: { ...pagerDuty.backends, incidents: demo, metrics: demo, alerts: demo, deploys: demo, runbooks: demo } }, env: { PAGERDUTY_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await h.close();
    await peer.stop();
  });

  const messageAt = (channel: string, ts: string) => [...h.fake.messages.values()].find((entry) => entry.channel === channel && entry.ts === ts)!;
  const updatesOf = (channel: string, ts: string) => h.fake.callsOf('chat.update').filter((call) => call.args.channel === channel && call.args.ts === ts);
  const deliver = async (raw: string) => {
    const response = await h.pagerduty(raw);
    await h.receiver.idle();
    await h.frontEnd.idle();
    return response;
  };

  it('redraws the same message to say the page was acknowledged, and by whom; an unrelated PagerDuty incident changes nothing', async () => {
    const proposed = await h.opsbot.gateway.call({ tool: 'incident_declare', args: { title: 'checkout errors', severity: 'high', service: 'payments' }, actor: 'U00SRE', origin: CLI });
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    await h.opsbot.gateway.confirm(proposed.action.id, 'U00SRE', CLI);
    await h.frontEnd.idle();
    const [incident] = await h.opsbot.backends.incidents.list({ openOnly: true });
    const room = (await h.frontEnd.incidents.channelOf(incident!.id))!.channel;
    const briefing = [...h.fake.messages.values()].find((entry) => entry.channel === room && entry.text.startsWith(':clipboard: *Briefing'))!;

    // The page waits for a confirmation; once confirmed it is a PagerDuty incident, triggered.
    const page = (await h.opsbot.gateway.listActions(20, { states: ['proposed'] })).find((action) => action.tool === 'page')!;
    await h.opsbot.gateway.confirm(page.id, 'U00SRE', CLI);
    await h.frontEnd.idle();
    const triggered = await vi.waitFor(() => {
      const match = /\*Paged:\*\n> (Lee Lead[^\n]*) paged at \d\d:\d\d UTC \(page (P\w+), PagerDuty: triggered\)\./.exec(messageAt(room, briefing.ts).text);
      if (!match) throw new Error(`not redrawn yet: ${messageAt(room, briefing.ts).text}`);
      return match;
    });
    const [, paged, pagerDutyId] = triggered as unknown as [string, string, string];
    expect(peer.incidents.some((entry) => entry.id === pagerDutyId)).toBe(true);

    // Someone opened in PagerDuty itself, acknowledged: not this briefing's page.
    const updatesBefore = updatesOf(room, briefing.ts).length;
    const textBefore = messageAt(room, briefing.ts).text;
    expect((await deliver(incidentDelivery({ eventId: '01OTHERACK', type: 'incident.acknowledged', incident: 'PUNRELATED', status: 'acknowledged', agent: { id: 'PDANA01', summary: 'Dana Developer' } }))).status).toBe(202);
    expect(updatesOf(room, briefing.ts)).toHaveLength(updatesBefore);
    expect(messageAt(room, briefing.ts).text).toBe(textBefore);

    const acknowledged = incidentDelivery({ eventId: '01PAGEACK', type: 'incident.acknowledged', incident: pagerDutyId, status: 'acknowledged', incidentKey: `opsbot-${page.id}`, agent: { id: 'PLEE001', summary: 'Lee Lead' }, occurredAt: '2026-11-18T14:07:00.000Z' });
    expect((await deliver(acknowledged)).status).toBe(202);
    const redrawn = messageAt(room, briefing.ts).text;
    expect(redrawn).toMatch(new RegExp(`\\*Paged:\\*\\n> ${paged} paged at \\d\\d:\\d\\d UTC \\(page ${pagerDutyId}, PagerDuty: acknowledged by Lee Lead at 14:07 UTC\\)\\.`));
    // In place: the same message edited, no second briefing; the other parts are as they were.
    expect(updatesOf(room, briefing.ts).length).toBe(updatesBefore + 1);
    expect(h.fake.callsOf('chat.postMessage').filter((call) => call.args.channel === room && String(call.args.text).startsWith(':clipboard:'))).toHaveLength(1);
    expect(redrawn.split('*Paged:*')[0]).toBe(textBefore.split('*Paged:*')[0]);
    expect(await h.receiver.deliveries.get('pagerduty', '01PAGEACK')).toMatchObject({ outcome: 'queued' });
  });
});
