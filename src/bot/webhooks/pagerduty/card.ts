import type { Card, CardButton, RichText, Span } from '../../conversation/card.js';
import { ISO_TIMESTAMP } from '../../presenter/times.js';
import { EVENT_ACTION_IDS } from '../alert-card.js';
import type { PagerDutyEvent } from './events.js';

/** Action ids of the card buttons; the value is only the PagerDuty incident id, whose card is stored. */
export const ACKNOWLEDGE_ACTION = EVENT_ACTION_IDS.pagerDutyAcknowledge;
export const RESOLVE_ACTION = EVENT_ACTION_IDS.pagerDutyResolve;

/** What the card shows, kept between deliveries so each one redraws the whole card. */
export interface PagerDutyCardState {
  incidentId: string;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: 'high' | 'low' | null;
  htmlUrl: string | null;
  service: string | null;
  assignees: string[];
  lastChange: string;
}

/** The card for a PagerDuty incident opsbot did not open: status, assignees, and buttons while it is open. */
export function pagerDutyCard(state: PagerDutyCardState): Card {
  const link: Span = state.htmlUrl && isPlainUrl(state.htmlUrl) ? { link: state.htmlUrl, label: state.incidentId } : state.incidentId;
  const facts: RichText[] = [
    [{ bold: ['Status:'] }, ` ${state.status}${state.urgency ? ` · ${state.urgency} urgency` : ''}`],
    ...(state.service ? [[{ bold: ['Service:'] }, ` ${state.service}`]] : []),
    [{ bold: ['Assigned:'] }, ` ${state.assignees.length ? state.assignees.join(', ') : 'nobody'}`],
    withTimes(state.lastChange),
  ];
  const buttons: CardButton[] = [
    ...(state.status === 'triggered' ? [{ actionId: ACKNOWLEDGE_ACTION, label: 'Acknowledge', value: state.incidentId }] : []),
    { actionId: RESOLVE_ACTION, label: 'Resolve', value: state.incidentId, style: 'primary' },
  ];
  return {
    fallback: `PagerDuty ${state.status}: ${state.title} (${state.incidentId})`,
    tone: state.status === 'resolved' ? 'good' : state.status === 'acknowledged' ? 'warning' : 'danger',
    sections: [{ id: 'opsbot_pagerduty_title', text: [{ icon: 'firing' }, ' ', { bold: [state.title] }, ' — ', link] }],
    context: facts.flatMap((fact, index) => (index ? [' · ', ...fact] : fact)),
    ...(state.status !== 'resolved' ? { buttons } : {}),
  };
}

/** Text with its ISO timestamps as times (each reader's own time zone where the platform can). */
function withTimes(text: string): RichText {
  const parts: RichText = [];
  let at = 0;
  for (const match of text.matchAll(new RegExp(ISO_TIMESTAMP.source, 'g'))) {
    if (match.index > at) parts.push(text.slice(at, match.index));
    parts.push({ time: match[0] });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

/** The state after an event, from the previous state (or none). */
export function nextCardState(previous: PagerDutyCardState | undefined, event: PagerDutyEvent): PagerDutyCardState {
  const incident = event.incident;
  const status = incident.status ?? statusOf(event) ?? previous?.status ?? 'triggered';
  const by = event.agent ? ` by ${event.agent.name}` : '';
  return {
    incidentId: incident.id,
    title: incident.title !== incident.id ? incident.title : (previous?.title ?? incident.title),
    status,
    urgency: incident.urgency ?? previous?.urgency ?? null,
    htmlUrl: incident.htmlUrl ?? previous?.htmlUrl ?? null,
    service: incident.serviceName ?? previous?.service ?? null,
    assignees: incident.assignees.length || event.type === 'incident.reassigned' ? incident.assignees.map((assignee) => assignee.name) : (previous?.assignees ?? []),
    lastChange: `${event.type.replace('incident.', '')}${by} at ${event.occurredAt}`,
  };
}

function statusOf(event: PagerDutyEvent): PagerDutyCardState['status'] | null {
  if (event.type === 'incident.acknowledged') return 'acknowledged';
  if (event.type === 'incident.resolved') return 'resolved';
  if (event.type === 'incident.triggered') return 'triggered';
  return null;
}

// A link PagerDuty sent is shown only when it is plain https with nothing that could close or relabel a link.
function isPlainUrl(url: string): boolean {
  return /^https:\/\/[^\s<>|]+$/.test(url);
}
