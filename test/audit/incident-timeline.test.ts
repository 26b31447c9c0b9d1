import { afterEach, describe, expect, it } from 'vitest';
import type { Origin } from '../../src/actions/origin.js';
import type { TimelineEntry } from '../../src/audit/incident-timeline.js';
import { PagerDutyCards } from '../../src/bot/webhooks/pagerduty/incident-cards.js';
import { rememberIncidentRoom } from '../../src/store/incident-rooms.js';
import { testOpsbot } from '../support/test-opsbot.js';

type TestOpsbot = Awaited<ReturnType<typeof testOpsbot>>;

const ROOM: Origin = { frontEnd: 'slack', channel: 'C0INC0001', threadTs: '1.0', conversationId: 'slack:C0INC0001:1.0' };

/**
 * The timeline of a scripted incident — declare, page, acknowledge through a PagerDuty webhook, roll back, note,
 * raise the severity, resolve — comes from the audit log alone, every step in order with who and when.
 */
describe('incident timeline from the audit log', () => {
  let opsbot: TestOpsbot | undefined;
  afterEach(async () => opsbot?.cleanup());

  async function approved(bot: TestOpsbot, tool: string, args: Record<string, unknown>, requester: string, approver: string, origin: Origin = ROOM) {
    const proposed = await bot.gateway.call({ tool, args, actor: requester, origin });
    if (proposed.status !== 'pending') throw new Error(`${tool}: ${proposed.text}`);
    const outcome = await bot.gateway.confirm(proposed.action.id, approver, origin);
    if (outcome.status !== 'executed') throw new Error(`${tool}: ${outcome.text}`);
    return outcome.action;
  }

  it('lists declared, paged, acknowledged, rolled back, note, severity changed and resolved, in order, with who', async () => {
    let clock = Date.parse('2026-12-01T10:00:00Z');
    const bot = (opsbot = await testOpsbot({ now: () => new Date((clock += 60_000)) }));
    const declared = await approved(bot, 'incident_declare', { title: 'checkout errors', severity: 'high', service: 'payments' }, 'U00SRE', 'U00SRE', { frontEnd: 'cli' });
    const id = (declared.result!.data as { incident: { id: string } }).incident.id;
    await rememberIncidentRoom(bot.kv, ROOM.channel!, { id, service: 'payments' });
    await approved(bot, 'page', { target: 'incident_commander', message: `${id} (high): checkout errors.` }, 'U00SRE', 'U00SRE');

    // The paging system reports the acknowledgement; the webhook receiver writes it to the audit log.
    await bot.kv.put('pagerduty-incident-ids', 'PABC123', { incident: id, pagerDutyId: 'PABC123' });
    const cards = new PagerDutyCards({ kv: bot.kv, config: bot.config, incidentChannelOf: async () => undefined, record: (entry) => bot.audit.append(entry), people: { U00LEAD: { name: 'Lee Lead', pagerduty: 'PLEE001' } } });
    await cards.apply({ id: 'evt1', type: 'incident.acknowledged', occurredAt: '2026-12-01T10:04:00Z', agent: { id: 'PLEE001', name: 'Lee Lead' }, note: null, incident: { id: 'PABC123', number: 1, title: 'x', status: 'acknowledged', urgency: 'high', incidentKey: null, htmlUrl: null, serviceId: null, serviceName: null, escalationPolicyId: null, assignees: [] } });

    await approved(bot, 'rollback', { service: 'payments', environment: 'staging' }, 'U00LEAD', 'U00LEAD');
    // A change to another service in the same hour is not this incident's.
    await approved(bot, 'rollback', { service: 'auth', environment: 'staging' }, 'U00LEAD', 'U00LEAD');
    const note = await bot.gateway.call({ tool: 'incident_note', args: { text: 'errors falling after the rollback' }, actor: 'U00LEAD2', origin: ROOM });
    expect(note).toMatchObject({ status: 'ok' });
    await approved(bot, 'incident_update', { severity: 'critical', note: 'ledger writes failing too' }, 'U00SRE', 'U00SRE');
    await approved(bot, 'incident_resolve', { id, note: 'rolled back' }, 'U00SRE', 'U00SRE');

    const outcome = await bot.gateway.call({ tool: 'incident_timeline', args: { id }, actor: 'U00VIEWER', origin: { frontEnd: 'cli' } });
    if (outcome.status !== 'ok') throw new Error(outcome.text);
    const entries = (outcome.data as { entries: TimelineEntry[] }).entries;
    expect(entries.map((entry) => [entry.kind, entry.by])).toEqual([
      ['declared', 'U00SRE'],
      ['paged', 'U00SRE'],
      ['acknowledged', 'U00LEAD'],
      ['rolled back', 'U00LEAD'],
      ['note', 'U00LEAD2'],
      ['severity changed', 'U00SRE'],
      ['resolved', 'U00SRE'],
    ]);
    expect(entries.map((entry) => entry.at)).toEqual([...entries.map((entry) => entry.at)].sort());
    expect(entries[3]!.text).toContain('rolled back payments in staging');
    expect(entries[4]!.text).toBe('errors falling after the rollback');
    expect(entries[5]!.text).toContain('severity critical: ledger writes failing too');
    expect(outcome.text).toContain('note: errors falling after the rollback (U00LEAD2)');
  });

  it('finds the incident from its room when the id is left out, and says which incident is meant elsewhere', async () => {
    const bot = (opsbot = await testOpsbot());
    const declared = await approved(bot, 'incident_declare', { title: 'auth 5xx', severity: 'high' }, 'U00SRE', 'U00SRE', { frontEnd: 'cli' });
    const id = (declared.result!.data as { incident: { id: string } }).incident.id;
    await rememberIncidentRoom(bot.kv, ROOM.channel!, { id });
    expect(await bot.gateway.call({ tool: 'incident_timeline', args: {}, actor: 'U00VIEWER', origin: ROOM })).toMatchObject({ status: 'ok', text: expect.stringContaining(`${id} "auth 5xx"`) });
    expect(await bot.gateway.call({ tool: 'incident_note', args: { text: 'hello' }, actor: 'U00SRE', origin: { frontEnd: 'slack', channel: 'C0OTHER' } })).toMatchObject({ status: 'error', text: expect.stringMatching(/Which incident/) });
    // Policy decides who may add notes: a viewer holds no incident:note.
    expect(await bot.gateway.call({ tool: 'incident_note', args: { text: 'hello' }, actor: 'U00VIEWER', origin: ROOM })).toMatchObject({ status: 'denied' });
  });
});
