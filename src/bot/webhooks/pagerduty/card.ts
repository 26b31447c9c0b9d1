import type { PagerDutyEvent } from './events.js';

/** Block Kit action ids of the card buttons; the value is only the PagerDuty incident id. */
export const ACKNOWLEDGE_ACTION = 'pagerduty_acknowledge';
export const RESOLVE_ACTION = 'pagerduty_resolve';

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
export function pagerDutyCard(state: PagerDutyCardState): { text: string; blocks: unknown[] } {
  const link = state.htmlUrl ? `<${state.htmlUrl}|${state.incidentId}>` : state.incidentId;
  const text = `PagerDuty ${state.status}: ${state.title} (${state.incidentId})`;
  const facts = [
    `*Status:* ${state.status}${state.urgency ? ` · ${state.urgency} urgency` : ''}`,
    ...(state.service ? [`*Service:* ${state.service}`] : []),
    `*Assigned:* ${state.assignees.length ? state.assignees.join(', ') : 'nobody'}`,
    state.lastChange,
  ];
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `:rotating_light: *${escape(state.title)}* — ${link}` } },
    { type: 'context', elements: facts.map((fact) => ({ type: 'mrkdwn', text: escape(fact) })) },
  ];
  if (state.status !== 'resolved') {
    const buttons = [
      ...(state.status === 'triggered' ? [{ type: 'button', action_id: ACKNOWLEDGE_ACTION, text: { type: 'plain_text', text: 'Acknowledge' }, value: state.incidentId }] : []),
      { type: 'button', action_id: RESOLVE_ACTION, style: 'primary', text: { type: 'plain_text', text: 'Resolve' }, value: state.incidentId },
    ];
    blocks.push({ type: 'actions', block_id: `pagerduty:${state.incidentId}`, elements: buttons });
  }
  return { text, blocks };
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

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
