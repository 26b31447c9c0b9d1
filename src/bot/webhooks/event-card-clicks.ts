import type { Config } from '../../config/schema.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { CallOutcome } from '../../actions/outcomes.js';
import type { PendingAction } from '../../actions/pending-action.js';
import type { KvRepository } from '../../store/kv-repository.js';
import { formatOutcome } from '../../agent/router/index.js';
import { outsideSpans } from '../conversation/outside-text.js';
import { formatChannelRef, type Platform } from '../conversation/platforms.js';
import type { ConversationPort } from '../conversation/port.js';
import { chatOrigin, type ChatThread } from '../conversation/threads.js';
import { EVENT_ACTION_IDS } from './alert-card.js';
import { AlertGroups } from './alert-groups.js';
import { alertRequests, type AlertVerb, type ToolRequest } from './alert-requests.js';
import { pagerDutyRequests } from './pagerduty/incident-cards.js';
import { CrashCards } from './kubernetes/crash-cards.js';
import { crashRequests } from './kubernetes/crash-requests.js';
import { releaseRef } from './release-flow.js';

/** A click on an event card's button, as a platform's front end verified and translated it. */
export interface EventCardClick {
  actionId: (typeof EVENT_ACTION_IDS)[keyof typeof EVENT_ACTION_IDS];
  /** The button's value: a stored group or release reference, or the PagerDuty incident of a stored card; nothing else. */
  ref: string;
  /** The clicker's opsbot identity, already resolved from the platform's verified user id. */
  user: string;
  /** The clicker's platform user id, for private answers (on Slack, the identity itself). */
  clicker?: string;
  platform: Platform;
  /** The platform's own channel id. */
  channel: string;
  messageTs: string;
  threadTs?: string;
}

const ALERT_VERBS: Partial<Record<EventCardClick['actionId'], AlertVerb>> = {
  [EVENT_ACTION_IDS.silence]: 'silence',
  [EVENT_ACTION_IDS.runbook]: 'runbook',
  [EVENT_ACTION_IDS.incident]: 'incident',
  [EVENT_ACTION_IDS.page]: 'page',
};

/** What the click handler needs: the clicked platform's port (to answer in the thread and privately) and its approval cards. */
export interface EventCardClicksDependencies {
  chat: Pick<ConversationPort, 'post' | 'tellPrivately'>;
  gateway: Gateway;
  cards: { post(action: PendingAction): Promise<unknown> };
  kv: KvRepository;
  config: Pick<Config, 'services' | 'teams'>;
}

/**
 * A button on an alert, release or PagerDuty incident card is the clicker's request, made through the gateway under the clicker's
 * roles (DESIGN §10): a read answers in the card's thread, a mutation becomes a pending action whose usual
 * confirmation card goes in that thread, and a refusal is told only to the clicker.
 */
export class EventCardClicks {
  constructor(private readonly deps: EventCardClicksDependencies) {}

  async handle(click: EventCardClick): Promise<void> {
    const thread: ChatThread = { channel: formatChannelRef({ platform: click.platform, channel: click.channel }), threadTs: click.threadTs ?? click.messageTs };
    const requests = await this.requestsOf(click);
    if ('reason' in requests) return this.tellClicker(click, requests.reason);
    await this.run(requests, click.user, thread, click.messageTs, (text) => this.tellClicker(click, text));
  }

  /** Runs requests for `actor` in `thread`; used by clicks and by replies in an alert's thread. Returns the outcomes. */
  async run(requests: ToolRequest[], actor: string, thread: ChatThread, messageTs: string | undefined, tellActor: (text: string) => Promise<void>): Promise<CallOutcome[]> {
    const origin = chatOrigin(thread, { messageTs, via: 'command' });
    const outcomes: CallOutcome[] = [];
    for (const request of requests) {
      const outcome = await this.deps.gateway.call({ tool: request.tool, args: request.args, actor, origin });
      outcomes.push(outcome);
      if (outcome.status === 'pending') await this.deps.cards.post(outcome.action);
      else if (outcome.status === 'ok' || outcome.status === 'error') await this.deps.chat.post({ channel: origin.channel!, thread: thread.threadTs }, { text: [{ person: actor }, ` asked for ${request.tool}:\n`, ...outsideSpans(formatOutcome(outcome))] });
      else await tellActor(formatOutcome(outcome));
    }
    return outcomes;
  }

  private async requestsOf(click: EventCardClick): Promise<ToolRequest[] | { reason: string }> {
    const verb = ALERT_VERBS[click.actionId];
    if (verb) {
      const group = await new AlertGroups(this.deps.kv).get(click.ref);
      if (!group) return { reason: 'This alert card is no longer known to opsbot; nothing was done.' };
      // A resolved card shows only Runbook; an older copy of it (another client, a slow redraw) may still show the rest.
      if (group.status === 'resolved' && verb !== 'runbook') return afterResolution(alertRequests(this.deps.config, group, verb), verb, group.resolvedAt ?? group.updatedAt);
      return alertRequests(this.deps.config, group, verb);
    }
    if (click.actionId.startsWith('opsbot_workload_')) {
      const card = await CrashCards.stored(this.deps.kv, click.ref);
      if (!card) return { reason: 'This workload card is no longer known to opsbot; nothing was done.' };
      return crashRequests(card, click.actionId);
    }
    if (click.actionId === EVENT_ACTION_IDS.pagerDutyAcknowledge || click.actionId === EVENT_ACTION_IDS.pagerDutyResolve) return pagerDutyRequests(this.deps.kv, click.actionId, click.ref);
    const release = await releaseRef(this.deps.kv, click.ref);
    if (!release) return { reason: 'This release card is no longer known to opsbot; nothing was done.' };
    const wanted = click.actionId === EVENT_ACTION_IDS.releasePublish ? 'release_publish' : 'release_prepare';
    if (release.tool !== wanted) return { reason: 'This button does not match its card; nothing was done.' };
    return [{ tool: release.tool, args: { version: release.version } }];
  }

  private async tellClicker(click: EventCardClick, text: string): Promise<void> {
    await this.deps.chat.tellPrivately({ channel: click.channel, ...(click.threadTs ? { thread: click.threadTs } : {}) }, click.clicker ?? click.user, { text: [text] });
  }
}

// The incident title's bound (tools/incidents.ts), which the suffix must fit in.
const INCIDENT_TITLE_MAX = 120;

/**
 * A click on a button the resolved card no longer shows: Silence and Page would act on something that stopped,
 * so nothing is done and the clicker is told when it resolved; Declare incident still proposes (an incident may
 * outlive its alert), with the resolution on its card.
 */
function afterResolution(requests: ToolRequest[] | { reason: string }, verb: AlertVerb, resolvedAt: string): ToolRequest[] | { reason: string } {
  const at = resolvedTime(resolvedAt);
  if (verb !== 'incident' || 'reason' in requests) return { reason: `This alert resolved at ${at}; nothing was done.` };
  const suffix = ` (alert resolved at ${at})`;
  return requests.map((request) => ({ ...request, args: { ...request.args, title: `${String(request.args.title ?? '').slice(0, INCIDENT_TITLE_MAX - suffix.length)}${suffix}` } }));
}

/** `14:05 UTC`: when, in words a person reads at a glance (the card itself shows it in their own time zone). */
function resolvedTime(iso: string): string {
  const at = new Date(iso);
  return Number.isFinite(at.getTime()) ? `${at.toISOString().slice(11, 16)} UTC` : 'an earlier time';
}
