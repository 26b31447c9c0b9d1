import type { KnownBlock } from '@slack/types';
import type { RenderedMessage } from '../../presenter/block-kit.js';
import { escapeMrkdwn, slackLink, slackTimes } from '../../slack/mrkdwn.js';
import { EVENT_ACTION_IDS } from '../alert-card.js';
import type { PagerDutyEvent } from './events.js';

/** Block Kit action ids of the card buttons; the value is only the PagerDuty incident id, whose card is stored. */
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
export function pagerDutyCard(state: PagerDutyCardState): RenderedMessage {
  const id = escapeMrkdwn(state.incidentId);
  const link = state.htmlUrl && isPlainUrl(state.htmlUrl) ? slackLink(state.htmlUrl, state.incidentId) : id;
  const text = `PagerDuty ${escapeMrkdwn(state.status)}: ${escapeMrkdwn(state.title)} (${id})`;
  const facts = [
    `*Status:* ${escapeMrkdwn(state.status)}${state.urgency ? ` · ${escapeMrkdwn(state.urgency)} urgency` : ''}`,
    ...(state.service ? [`*Service:* ${escapeMrkdwn(state.service)}`] : []),
    `*Assigned:* ${state.assignees.length ? state.assignees.map(escapeMrkdwn).join(', ') : 'nobody'}`,
    slackTimes(escapeMrkdwn(state.lastChange)),
  ];
  const blocks: KnownBlock[] = [
    { type: 'section', block_id: 'opsbot_pagerduty_title', text: { type: 'mrkdwn', text: `:rotating_light: *${escapeMrkdwn(state.title)}* — ${link}` } },
    { type: 'context', block_id: 'opsbot_pagerduty_facts', elements: facts.map((fact) => ({ type: 'mrkdwn', text: fact })) },
  ];
  if (state.status !== 'resolved') {
    blocks.push({
      type: 'actions',
      block_id: 'opsbot_pagerduty_buttons',
      elements: [
        ...(state.status === 'triggered' ? [{ type: 'button' as const, action_id: ACKNOWLEDGE_ACTION, text: { type: 'plain_text' as const, text: 'Acknowledge' }, value: state.incidentId }] : []),
        { type: 'button', action_id: RESOLVE_ACTION, style: 'primary', text: { type: 'plain_text', text: 'Resolve' }, value: state.incidentId },
      ],
    });
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

// A link PagerDuty sent is shown only when it cannot close or relabel the `<url|label>` it sits in.
function isPlainUrl(url: string): boolean {
  return /^https:\/\/[^\s<>|]+$/.test(url);
}
