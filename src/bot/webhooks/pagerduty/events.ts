import { MalformedDelivery } from '../webhook-source.js';

/** The PagerDuty v3 webhook events opsbot acts on. */
export const PAGERDUTY_EVENT_TYPES = ['incident.triggered', 'incident.acknowledged', 'incident.resolved', 'incident.reassigned', 'incident.annotated'] as const;

export type PagerDutyEventType = (typeof PAGERDUTY_EVENT_TYPES)[number];

/** A person or thing PagerDuty names in an event. */
export interface PagerDutyActor {
  id: string;
  name: string;
}

/** The incident an event is about, as far as the event tells. */
export interface PagerDutyEventIncident {
  id: string;
  number: number | null;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved' | null;
  urgency: 'high' | 'low' | null;
  incidentKey: string | null;
  htmlUrl: string | null;
  serviceId: string | null;
  serviceName: string | null;
  escalationPolicyId: string | null;
  assignees: PagerDutyActor[];
}

/** One delivery, typed: what happened, to which incident, by whom (`agent`), and a note for `annotated`. */
export interface PagerDutyEvent {
  id: string;
  type: PagerDutyEventType;
  occurredAt: string;
  agent: PagerDutyActor | null;
  incident: PagerDutyEventIncident;
  note: string | null;
}

type Json = Record<string, unknown>;

/**
 * Reads a v3 delivery body (`{ event: { id, event_type, occurred_at, agent, data } }`): the typed event, or
 * `ignored` for an event type opsbot does not act on (a ping, another resource). The receiver dedupes on the
 * event id: PagerDuty retries a delivery with the same id, and replicas see the same id.
 */
export function parsePagerDutyEvent(body: unknown): PagerDutyEvent | { ignored: string } {
  const event = object(object(body).event);
  const id = text(event.id);
  const type = text(event.event_type);
  if (!id || !type) throw new MalformedDelivery('event.id and event.event_type are required');
  if (!(PAGERDUTY_EVENT_TYPES as readonly string[]).includes(type)) return { ignored: `PagerDuty event ${type.slice(0, 60)}` };
  const data = object(event.data);
  // `annotated` carries the note, with the incident as a reference inside it.
  const incidentData = type === 'incident.annotated' ? object(data.incident) : data;
  const incidentId = text(incidentData.id);
  if (!incidentId) throw new MalformedDelivery('event.data has no incident id');
  const service = object(incidentData.service);
  return {
    id,
    type: type as PagerDutyEventType,
    occurredAt: text(event.occurred_at) ?? new Date(0).toISOString(),
    agent: actorOf(event.agent),
    incident: {
      id: incidentId,
      number: typeof incidentData.number === 'number' ? incidentData.number : null,
      title: text(incidentData.title) ?? text(incidentData.summary) ?? incidentId,
      status: oneOf(incidentData.status, ['triggered', 'acknowledged', 'resolved']),
      urgency: oneOf(incidentData.urgency, ['high', 'low']),
      incidentKey: text(incidentData.incident_key),
      htmlUrl: text(incidentData.html_url),
      serviceId: text(service.id),
      serviceName: text(service.summary),
      escalationPolicyId: text(object(incidentData.escalation_policy).id),
      assignees: (Array.isArray(incidentData.assignees) ? incidentData.assignees : []).map(actorOf).filter((actor): actor is PagerDutyActor => actor !== null),
    },
    note: type === 'incident.annotated' ? (text(data.content) ?? '') : null,
  };
}

function actorOf(value: unknown): PagerDutyActor | null {
  const actor = object(value);
  const id = text(actor.id);
  return id ? { id, name: text(actor.summary) ?? text(actor.name) ?? id } : null;
}

function object(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}
