import type { Origin } from '../../src/actions/origin.js';
import type { Opsbot } from '../../src/app.js';
import { PagerDutyCards } from '../../src/bot/webhooks/pagerduty/incident-cards.js';

/** A clock that moves one minute at every reading: each step of a scripted incident lands at a known time. */
export function minuteClock(start: string) {
  let at = Date.parse(start);
  return () => new Date((at += 60_000));
}

async function approved(bot: Opsbot, tool: string, args: Record<string, unknown>, actor: string, origin: Origin) {
  const proposed = await bot.gateway.call({ tool, args, actor, origin });
  if (proposed.status !== 'pending') throw new Error(`${tool}: ${proposed.text}`);
  const outcome = await bot.gateway.confirm(proposed.action.id, actor, origin);
  if (outcome.status !== 'executed') throw new Error(`${tool}: ${outcome.text}`);
  return outcome.action;
}

/**
 * Declare (payments, high), page, acknowledge through a PagerDuty webhook delivery, roll back, note, resolve: the
 * incident of the "done when", through the gateway as people would, on the given opsbot.
 */
export async function scriptedIncident(bot: Opsbot): Promise<string> {
  const cli: Origin = { frontEnd: 'cli' };
  const declared = await approved(bot, 'incident_declare', { title: 'checkout errors', severity: 'high', service: 'payments' }, 'U00SRE', cli);
  const id = (declared.result!.data as { incident: { id: string } }).incident.id;
  await approved(bot, 'page', { target: 'incident_commander', message: `${id} (high): checkout errors.` }, 'U00SRE', cli);
  await bot.kv.put('pagerduty-incident-ids', 'PABC123', { incident: id, pagerDutyId: 'PABC123' });
  const cards = new PagerDutyCards({ kv: bot.kv, config: bot.config, incidentChannelOf: async () => undefined, record: (entry) => bot.audit.append(entry), people: bot.config.people });
  await cards.apply({ id: 'evt1', type: 'incident.acknowledged', occurredAt: new Date().toISOString(), agent: { id: 'PLEE001', name: 'Lee Lead' }, note: null, incident: { id: 'PABC123', number: 1, title: 'x', status: 'acknowledged', urgency: 'high', incidentKey: null, htmlUrl: null, serviceId: null, serviceName: null, escalationPolicyId: null, assignees: [] } });
  await approved(bot, 'rollback', { service: 'payments', environment: 'staging' }, 'U00LEAD', cli);
  await bot.gateway.call({ tool: 'incident_note', args: { id, text: 'errors falling after the rollback' }, actor: 'U00LEAD2', origin: cli });
  await approved(bot, 'incident_resolve', { id, note: 'rolled back' }, 'U00SRE', cli);
  return id;
}
