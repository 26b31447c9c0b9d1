import { incidentOfPagerDutyId } from '../../../backends/pagerduty/pagerduty-incidents.js';
import { OPSBOT_INCIDENT_KEY_PREFIX } from '../../../backends/pagerduty/pagerduty-paging.js';
import type { AuditEntry } from '../../../audit/audit-log.js';
import { PAGING_EVENT } from '../../../audit/incident-timeline.js';
import type { Config } from '../../../config/schema.js';
import type { KvRepository } from '../../../store/kv-repository.js';
import type { ChatContent } from '../../conversation/card.js';
import type { ToolRequest } from '../alert-requests.js';
import { channelFor } from '../notification-routes.js';
import type { OutboxMessage, OutboxRepository } from '../../../store/outbox-repository.js';
import type { DeliveryOutcome } from '../webhook-source.js';
import { briefingRedraws } from './briefing-redraw.js';
import { ACKNOWLEDGE_ACTION, nextCardState, pagerDutyCard, type PagerDutyCardState, RESOLVE_ACTION } from './card.js';
import type { PagerDutyEvent } from './events.js';

const CARDS = 'pagerduty-webhook-cards';

/** What the PagerDuty card keeper needs. */
export interface PagerDutyCardsDependencies {
  kv: KvRepository;
  config: Pick<Config, 'notifications' | 'services' | 'teams'>;
  /** The channel (a channel ref) of an opsbot incident (INC-…), when it has one. */
  incidentChannelOf(incidentId: string): Promise<string | undefined>;
  /** Writes an audit record: an acknowledgement or resolution of an opsbot incident's page goes on its timeline. */
  record?(entry: AuditEntry): Promise<unknown>;
  /** PagerDuty user id → opsbot person id (people.ID.pagerduty), so the timeline names the person. */
  people?: Config['people'];
  /** Where a declared incident's briefing is taken on as a card, so an acknowledgement of its page redraws it (briefing-redraw.ts). */
  outbox?: Pick<OutboxRepository, 'adopt'>;
}

/** A PagerDuty incident's card: the channel it was queued for, and what it last showed. */
interface CardRecord {
  channel: string;
  state: PagerDutyCardState;
  occurredAt: string;
}

/** Outbox card key of a PagerDuty incident's card; its edits and thread notes follow its post. */
function cardKeyOf(incidentId: string): string {
  return `pagerduty:${incidentId}`;
}

/**
 * Acts on verified, deduplicated PagerDuty events. An incident opsbot opened (a declared incident) gets a line in
 * its incident channel; one opsbot did not open is posted, on `triggered`, to the route of the team owning its
 * escalation policy as a card with Acknowledge and Resolve, redrawn in place by every later event. The card's
 * place is in the store, so a later event finds it after a restart and on another replica. Nothing here changes
 * PagerDuty: the buttons are the clicker's own requests through the gateway (pagerDutyRequests). Every message
 * goes through the outbox, written with the delivery's outcome.
 */
export class PagerDutyCards {
  private readonly queues = new Map<string, Promise<DeliveryOutcome>>();

  constructor(private readonly deps: PagerDutyCardsDependencies) {}

  /** Brings the chat up to date with one event; one incident's events run in order, so a quick ack never races its trigger. */
  apply(event: PagerDutyEvent): Promise<DeliveryOutcome> {
    const key = event.incident.id;
    const previous = this.queues.get(key) ?? Promise.resolve<DeliveryOutcome>({ outcome: 'ignored' });
    const next = previous.catch(() => undefined).then(() => this.show(event));
    this.queues.set(key, next);
    void next.finally(() => this.queues.get(key) === next && this.queues.delete(key)).catch(() => undefined);
    return next;
  }

  private async show(event: PagerDutyEvent): Promise<DeliveryOutcome> {
    const { kv, outbox } = this.deps;
    // The page of a declared incident, acknowledged or resolved: its briefing says so, beside whatever else the event does.
    const redraws = outbox ? await briefingRedraws({ kv, outbox }, event) : [];
    const shown = await this.showCard(event);
    if (!redraws.length) return shown;
    return { outcome: 'queued', detail: `${shown.detail ?? shown.outcome}; the briefing showing this page redrawn`, messages: [...(shown.messages ?? []), ...redraws] };
  }

  private async showCard(event: PagerDutyEvent): Promise<DeliveryOutcome> {
    const { kv } = this.deps;
    const id = event.incident.id;
    const link = await incidentOfPagerDutyId(kv, id);
    if (link) await this.recordStep(link.incident, event);
    const channel = link ? await this.deps.incidentChannelOf(link.incident) : undefined;
    const messages: Array<OutboxMessage<ChatContent>> = channel ? [{ purpose: 'pagerduty-note', channel, content: { text: [lineOf(event)] } }] : [];

    const card = await kv.get<CardRecord>(CARDS, id);
    if (card) return this.redraw(card, event, messages);
    if (channel) return { outcome: 'queued', detail: `${event.type} for PagerDuty ${id} in ${link!.incident}'s channel ${channel}`, messages };
    if (link || event.incident.incidentKey?.startsWith(OPSBOT_INCIDENT_KEY_PREFIX)) return { outcome: 'ignored', detail: `PagerDuty ${id} was opened by opsbot${link ? ` (${link.incident}, no incident channel)` : ''}` };
    if (event.type !== 'incident.triggered') return { outcome: 'ignored', detail: `${event.type} for PagerDuty ${id}, which has no card` };

    const team = teamOf(this.deps.config, event);
    const route = channelFor(this.deps.config, team ? { team } : {});
    if (!route) return { outcome: 'unrouted', detail: `PagerDuty ${id} triggered (team ${team ?? 'unknown'})` };
    const state = nextCardState(undefined, event);
    await kv.put(CARDS, id, { channel: route, state, occurredAt: event.occurredAt } satisfies CardRecord);
    return { outcome: 'queued', detail: `PagerDuty ${id} card for ${route}`, messages: [{ cardKey: cardKeyOf(id), purpose: 'pagerduty-card', channel: route, content: pagerDutyCard(state) }] };
  }

  private async recordStep(incident: string, event: PagerDutyEvent): Promise<void> {
    const step = event.type === 'incident.acknowledged' ? 'acknowledged' : event.type === 'incident.resolved' ? 'resolved' : undefined;
    if (!step || !this.deps.record) return;
    const person = event.agent ? Object.entries(this.deps.people ?? {}).find(([, known]) => known.pagerduty === event.agent!.id)?.[0] : undefined;
    const actor = person ?? (event.agent ? `pagerduty:${event.agent.id}` : 'pagerduty');
    const text = `PagerDuty ${event.incident.id} ${step}${event.agent ? ` by ${event.agent.name}` : ''}`;
    await this.deps.record({ actor, event: PAGING_EVENT, detail: { incident, step, text, pagerduty: event.incident.id, eventId: event.id, occurredAt: event.occurredAt } });
  }

  private async redraw(card: CardRecord, event: PagerDutyEvent, messages: Array<OutboxMessage<ChatContent>>): Promise<DeliveryOutcome> {
    const id = event.incident.id;
    if (event.type === 'incident.annotated') {
      return { outcome: 'queued', detail: `note on PagerDuty ${id} in its card's thread`, messages: [...messages, { cardKey: cardKeyOf(id), reply: true, purpose: 'pagerduty-note', channel: '', content: { text: [lineOf(event)] } }] };
    }
    // Deliveries can arrive out of order; an older event must not redraw a newer state.
    if (event.occurredAt < card.occurredAt) return { outcome: messages.length ? 'queued' : 'ignored', detail: `${event.type} for PagerDuty ${id} is older than its card`, messages };
    const state = nextCardState(card.state, event);
    await this.deps.kv.put(CARDS, id, { ...card, state, occurredAt: event.occurredAt } satisfies CardRecord);
    return { outcome: 'queued', detail: `PagerDuty ${id} card ${state.status}`, messages: [...messages, { cardKey: cardKeyOf(id), purpose: 'pagerduty-card', channel: '', content: pagerDutyCard(state) }] };
  }
}

/**
 * The request an Acknowledge or Resolve click stands for: `page_respond` on the incident of a card opsbot posted
 * (the button's value is only that incident id, checked against the stored card), made as the clicker.
 */
export async function pagerDutyRequests(kv: KvRepository, actionId: string, incidentId: string): Promise<ToolRequest[] | { reason: string }> {
  const action = actionId === ACKNOWLEDGE_ACTION ? 'acknowledge' : actionId === RESOLVE_ACTION ? 'resolve' : undefined;
  if (!action) return { reason: 'This button does not match its card; nothing was done.' };
  const card = await kv.get<CardRecord>(CARDS, incidentId);
  if (!card) return { reason: 'This PagerDuty card is no longer known to opsbot; nothing was done.' };
  return [{ tool: 'page_respond', args: { page: card.state.incidentId, action } }];
}

/** The team whose escalation policy the incident went to; undefined when none of ours. */
function teamOf(config: Pick<Config, 'teams'>, event: PagerDutyEvent): string | undefined {
  const policy = event.incident.escalationPolicyId;
  return policy ? config.teams.find((team) => team.pagerduty?.escalationPolicy === policy)?.name : undefined;
}

function lineOf(event: PagerDutyEvent): string {
  // Literal text: every platform's renderer escapes it.
  const by = event.agent ? ` by ${event.agent.name}` : '';
  const incident = `PagerDuty ${event.incident.id}`;
  const assignees = event.incident.assignees.map((assignee) => assignee.name).join(', ');
  switch (event.type) {
    case 'incident.triggered':
      return `${incident} triggered${assignees ? `, assigned to ${assignees}` : ''}.`;
    case 'incident.acknowledged':
      return `${incident} acknowledged${by}.`;
    case 'incident.resolved':
      return `${incident} resolved${by}.`;
    case 'incident.reassigned':
      return `${incident} reassigned to ${assignees || 'nobody'}${by}.`;
    case 'incident.annotated':
      return `Note on ${incident}${by}: ${event.note ?? ''}`;
  }
}
