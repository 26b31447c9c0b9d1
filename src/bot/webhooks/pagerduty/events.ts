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

/** A delivery that is not an event opsbot acts on (a ping, another resource type): acknowledged, then ignored. */
export interface IgnoredPagerDutyEvent {
  id: string;
  type: string;
  ignored: true;
}

/** A delivery that does not parse as a PagerDuty v3 webhook at all. */
export class MalformedPagerDutyEvent extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedPagerDutyEvent';
  }
}

type Json = Record<string, unknown>;

/**
 * Parses a v3 delivery (`{ event: { id, event_type, occurred_at, agent, data } }`). The dedupe key is the event id:
 * PagerDuty retries a delivery with the same id, and replicas see the same id.
 */
export function parsePagerDutyEvent(rawBody: Buffer | string): { dedupeKey: string; event: PagerDutyEvent | IgnoredPagerDutyEvent } {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString());
  } catch {
    throw new MalformedPagerDutyEvent('body is not JSON');
  }
  const event = object(object(body).event);
  const id = text(event.id);
  const type = text(event.event_type);
  if (!id || !type) throw new MalformedPagerDutyEvent('event.id and event.event_type are required');
  const dedupeKey = `pagerduty:${id}`;
  if (!(PAGERDUTY_EVENT_TYPES as readonly string[]).includes(type)) return { dedupeKey, event: { id, type, ignored: true } };
  const data = object(event.data);
  // `annotated` carries the note, with the incident as a reference inside it.
  const incidentData = type === 'incident.annotated' ? object(data.incident) : data;
  const incidentId = text(incidentData.id);
  if (!incidentId) throw new MalformedPagerDutyEvent('event.data has no incident id');
  const service = object(incidentData.service);
  return {
    dedupeKey,
    event: {
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
    },
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
