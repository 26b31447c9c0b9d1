import type { Config } from '../../config/schema.js';
import type { KvRepository } from '../../store/kv-repository.js';
import type { OutboxRepository, OutboxRow } from '../../store/outbox-repository.js';
import { formatChannelRef, parseChannelRef } from '../conversation/platforms.js';
import type { PostedRef } from '../conversation/port.js';
import type { KnownThreads } from '../conversation/known-threads.js';
import { renderAlertCard } from './alert-card.js';
import { AlertGroups, groupRef, type AlertGroupRecord, type GroupNotification } from './alert-groups.js';
import { channelFor, withTeam, type RouteFacts } from './notification-routes.js';
import type { DeliveryOutcome } from './webhook-source.js';

/** The outbox purpose of alert cards; the effect of that name records where a card landed. */
export const ALERT_CARD_PURPOSE = 'alert-card';
const SEVERITY_ORDER = ['critical', 'warning', 'info'];

/** What the alert card keeper needs. */
export interface AlertCardsDependencies {
  /** Where cards wait to be sent (whether or not a chat front end runs yet). */
  outbox: OutboxRepository;
  kv: KvRepository;
  threads: KnownThreads;
  config: Pick<Config, 'notifications' | 'services'>;
  /** The on-call primary of a team (a user id), for the mention on critical cards; undefined when unknown. */
  onCallPrimary: (team: string) => Promise<string | undefined>;
  now?: () => Date;
}

/**
 * One card per Alertmanager group, posted on the first notification and edited in place on every later one:
 * each notification queues the card as it now reads in the outbox (card key `alert:<ref>`), which posts the
 * first and edits with the rest, in order, once, from whichever replica claims them.
 */
export class AlertCards {
  readonly groups: AlertGroups;
  private readonly queues = new Map<string, Promise<DeliveryOutcome>>();
  private readonly now: () => Date;

  constructor(private readonly deps: AlertCardsDependencies) {
    this.groups = new AlertGroups(deps.kv);
    this.now = deps.now ?? (() => new Date());
  }

  /** Folds a notification into its group and brings the card up to date; one group's notifications run in order. */
  apply(notification: GroupNotification): Promise<DeliveryOutcome> {
    const ref = groupRef(notification.groupKey);
    const previous = this.queues.get(ref) ?? Promise.resolve<DeliveryOutcome>({ outcome: 'ignored' });
    const next = previous.catch(() => undefined).then(async () => {
      const group = await this.groups.merge(notification, this.now().toISOString());
      return this.show(group);
    });
    this.queues.set(ref, next);
    void next.finally(() => this.queues.get(ref) === next && this.queues.delete(ref)).catch(() => undefined);
    return next;
  }

  /** The routing facts of a group: its first firing alert's service, team and environment, and its worst severity. */
  factsOf(group: AlertGroupRecord): RouteFacts {
    const lead = group.alerts.find((alert) => alert.status === 'firing') ?? group.alerts[0];
    const severity = SEVERITY_ORDER.find((level) => group.alerts.some((alert) => alert.severity === level)) ?? lead?.severity;
    return withTeam(this.deps.config, { service: lead?.service, team: lead?.team, environment: lead?.environment, severity });
  }

  private async show(group: AlertGroupRecord): Promise<DeliveryOutcome> {
    const { outbox } = this.deps;
    const name = group.groupLabels.alertname ?? group.alerts[0]?.name ?? group.ref;
    const cardKey = cardKeyOf(group.ref);
    const first = !(await outbox.hasCard(cardKey));
    const facts = this.factsOf(group);
    const channel = first ? channelFor(this.deps.config, facts) : '';
    if (channel === undefined) {
      const where = Object.entries(facts).filter(([, value]) => value).map(([key, value]) => `${key}=${value}`).join(' ');
      return { outcome: 'unrouted', detail: `alert group ${name} (${where || 'no labels'}) ${group.status}` };
    }
    let mention = group.mentioned;
    if (first && group.status === 'firing' && facts.team && this.deps.config.notifications.mentionOnCall.includes(facts.severity as never)) {
      mention = await this.deps.onCallPrimary(facts.team);
      // Kept at once, so an edit queued before the post lands keeps the mention.
      if (mention) await this.groups.setMentioned(group.ref, mention);
    }
    const card = renderAlertCard(group, this.now(), mention);
    return {
      outcome: 'queued',
      detail: `${group.ref} ${first ? 'card' : 'update'} ${group.status}${channel ? ` for ${channel}` : ''}`,
      messages: [{ cardKey, purpose: ALERT_CARD_PURPOSE, channel, content: card, meta: { ref: group.ref } }],
    };
  }

}

/** After a card is posted: its group learns where (for clicks and replies), and its thread reaches opsbot without a mention. */
export function alertCardPosted(kv: KvRepository, threads: KnownThreads): (row: OutboxRow, posted: PostedRef) => Promise<void> {
  const groups = new AlertGroups(kv);
  return async (row, posted) => {
    const ref = String(row.meta.ref ?? '');
    const group = await groups.get(ref);
    const { platform } = parseChannelRef(row.channel);
    // Where it landed, as a channel ref: a Slack card's channel stays bare, as clicks and thread replies look it up.
    const channel = formatChannelRef({ platform, channel: posted.channel });
    await groups.setCard(ref, { channel, ts: posted.id }, group?.mentioned);
    await threads.remember({ channel, threadTs: posted.id });
  };
}

/** The outbox card key of an alert group's card. */
export function cardKeyOf(ref: string): string {
  return `alert:${ref}`;
}
