import { describe, expect, it } from 'vitest';
import { parsePagerDutyEvent } from '../../../../src/bot/webhooks/pagerduty/events.js';
import { MalformedDelivery } from '../../../../src/bot/webhooks/webhook-source.js';
import { incidentDelivery, noteDelivery } from './pagerduty-deliveries.js';

const parse = (raw: string) => parsePagerDutyEvent(JSON.parse(raw));

describe('PagerDuty webhook events', () => {
  it('parses an incident event into a typed event, keyed for dedupe by the event id', () => {
    const raw = incidentDelivery({ eventId: '01EVT', type: 'incident.reassigned', incident: 'PABC123', assignees: [{ id: 'PWES001', summary: 'Wes Web' }], agent: { id: 'PLEE001', summary: 'Lee Lead' } });
    expect(parse(raw)).toEqual({
      id: '01EVT',
      type: 'incident.reassigned',
      occurredAt: '2026-11-18T14:00:00.000Z',
      agent: { id: 'PLEE001', name: 'Lee Lead' },
      incident: { id: 'PABC123', number: 42, title: 'Disk full on db-primary', status: 'triggered', urgency: 'high', incidentKey: 'db-primary-disk-full', htmlUrl: 'https://acme.pagerduty.com/incidents/PABC123', serviceId: 'PSERVICE1', serviceName: 'Checkout', escalationPolicyId: 'PEPWEB1', assignees: [{ id: 'PWES001', name: 'Wes Web' }] },
      note: null,
    });
  });

  it('reads the note and its incident out of an annotated event', () => {
    expect(parse(noteDelivery({ eventId: '01NOTE', incident: 'PABC123', content: 'failing over to replica' }))).toMatchObject({ type: 'incident.annotated', incident: { id: 'PABC123', title: 'Disk full' }, note: 'failing over to replica' });
  });

  it('acknowledges other event types as ignored, and refuses what is not a v3 delivery', () => {
    expect(parse(JSON.stringify({ event: { id: '01P', event_type: 'pagey.ping', data: {} } }))).toEqual({ ignored: 'PagerDuty event pagey.ping' });
    expect(() => parse(JSON.stringify({ messages: [] }))).toThrow(MalformedDelivery);
    expect(() => parse(JSON.stringify({ event: { id: '01X', event_type: 'incident.triggered', data: {} } }))).toThrow(/no incident id/);
  });
});
