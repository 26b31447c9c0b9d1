import { incidentOfPagerDutyId } from '../../../backends/pagerduty/pagerduty-incidents.js';
import { OPSBOT_INCIDENT_KEY_PREFIX } from '../../../backends/pagerduty/pagerduty-paging.js';
import type { Config } from '../../../config/schema.js';
import type { Gateway } from '../../../gateway/gateway.js';
import type { CallOutcome } from '../../../actions/outcomes.js';
import type { KvRepository } from '../../../store/kv-repository.js';
import { slackOrigin } from '../../slack/slack-origin.js';
import { ACKNOWLEDGE_ACTION, nextCardState, pagerDutyCard, type PagerDutyCardState, RESOLVE_ACTION } from './card.js';
import type { IgnoredPagerDutyEvent, PagerDutyEvent } from './events.js';

const CARDS = 'pagerduty-webhook-cards';

/** The Slack calls the handler makes; the integrator passes a thin wrapper over chat.postMessage / chat.update. */
export interface SlackPoster {
  post(message: { channel: string; text: string; blocks?: unknown[]; threadTs?: string }): Promise<{ channel: string; ts: string }>;
  update(message: { channel: string; ts: string; text: string; blocks?: unknown[] }): Promise<void>;
}

/** Everything handling a PagerDuty delivery needs, injected so it can be driven without a receiver. */
export interface PagerDutyWebhookDependencies {
  kv: KvRepository;
  gateway: Gateway;
  slack: SlackPoster;
  config: Config;
  /** The channel a team's deliveries go to (the receiver's routing); team null when no team owns the incident. */
  routeOf(team: string | null): string | null | undefined;
  /** The Slack channel of an opsbot incident (INC-…), when it has one. */
  incidentChannelOf(incidentId: string): Promise<string | undefined>;
}

/** Where a PagerDuty incident's card is, and what it last showed. */
interface CardRecord {
  channel: string;
  ts: string;
  state: PagerDutyCardState;
  occurredAt: string;
}

/**
 * Acts on one verified, deduplicated delivery. An incident opsbot opened (a page or a declared incident) gets a
 * line in its incident channel; one opsbot did not open is posted, on `triggered`, to the owning team's route as a
 * card with Acknowledge and Resolve, redrawn in place by every later event. Nothing here changes PagerDuty: the
 * buttons go through the gateway as the clicker (see pagerDutyButtonCall).
 */
export async function handlePagerDutyEvent(event: PagerDutyEvent | IgnoredPagerDutyEvent, deps: PagerDutyWebhookDependencies): Promise<void> {
  if ('ignored' in event) return;
  const link = await incidentOfPagerDutyId(deps.kv, event.incident.id);
  const channel = link ? await deps.incidentChannelOf(link.incident) : undefined;
  if (channel) await deps.slack.post({ channel, text: lineOf(event) });
  const openedByOpsbot = Boolean(link) || Boolean(event.incident.incidentKey?.startsWith(OPSBOT_INCIDENT_KEY_PREFIX));
  const card = await deps.kv.get<CardRecord>(CARDS, event.incident.id);
  if (card) return redraw(card, event, deps);
  if (event.type !== 'incident.triggered' || openedByOpsbot) return;
  const route = deps.routeOf(teamOf(deps.config, event));
  if (!route) return;
  const state = nextCardState(undefined, event);
  const posted = await deps.slack.post({ channel: route, ...pagerDutyCard(state) });
  await deps.kv.put(CARDS, event.incident.id, { channel: posted.channel, ts: posted.ts, state, occurredAt: event.occurredAt } satisfies CardRecord);
}

/** A click on Acknowledge or Resolve: the clicker's own request through the gateway (policy, approval, audit). */
export function pagerDutyButtonCall(gateway: Gateway, click: { actionId: string; value: string; user: string; channel: string; messageTs: string }): Promise<CallOutcome> {
  const action = click.actionId === ACKNOWLEDGE_ACTION ? 'acknowledge' : click.actionId === RESOLVE_ACTION ? 'resolve' : undefined;
  if (!action) return Promise.resolve({ status: 'invalid', tool: 'page_respond', text: `unknown PagerDuty button ${click.actionId}` });
  return gateway.call({
    tool: 'page_respond',
    args: { page: click.value, action },
    actor: click.user,
    origin: slackOrigin({ channel: click.channel, threadTs: click.messageTs }, { messageTs: click.messageTs, via: 'command' }),
  });
}

async function redraw(card: CardRecord, event: PagerDutyEvent, deps: PagerDutyWebhookDependencies): Promise<void> {
  if (event.type === 'incident.annotated') {
    await deps.slack.post({ channel: card.channel, threadTs: card.ts, text: lineOf(event) });
    return;
  }
  // Deliveries can arrive out of order; an older event must not redraw a newer state.
  if (event.occurredAt < card.occurredAt) return;
  const state = nextCardState(card.state, event);
  await deps.slack.update({ channel: card.channel, ts: card.ts, ...pagerDutyCard(state) });
  await deps.kv.put(CARDS, event.incident.id, { ...card, state, occurredAt: event.occurredAt } satisfies CardRecord);
}

/** The team whose escalation policy the incident went to; null when none of ours. */
function teamOf(config: Config, event: PagerDutyEvent): string | null {
  const policy = event.incident.escalationPolicyId;
  return config.teams.find((team) => policy && team.pagerduty?.escalationPolicy === policy)?.name ?? null;
}

function lineOf(event: PagerDutyEvent): string {
  const by = event.agent ? ` by ${event.agent.name}` : '';
  const incident = `PagerDuty ${event.incident.id}`;
  switch (event.type) {
    case 'incident.triggered':
      return `${incident} triggered${event.incident.assignees.length ? `, assigned to ${event.incident.assignees.map((assignee) => assignee.name).join(', ')}` : ''}.`;
    case 'incident.acknowledged':
      return `${incident} acknowledged${by}.`;
    case 'incident.resolved':
      return `${incident} resolved${by}.`;
    case 'incident.reassigned':
      return `${incident} reassigned to ${event.incident.assignees.map((assignee) => assignee.name).join(', ') || 'nobody'}${by}.`;
    case 'incident.annotated':
      return `Note on ${incident}${by}: ${event.note ?? ''}`;
  }
}
