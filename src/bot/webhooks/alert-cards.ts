import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import type { KvRepository } from '../../store/kv-repository.js';
import type { KnownThreads } from '../slack/known-threads.js';
import { claimOnce } from '../../store/replica-claim.js';
import type { SlackClient } from '../slack/slack-client.js';
import { renderAlertCard } from './alert-card.js';
import { AlertGroups, groupRef, type AlertGroupRecord, type GroupNotification } from './alert-groups.js';
import { channelFor, withTeam, type RouteFacts } from './notification-routes.js';
import type { DeliveryOutcome } from './webhook-source.js';

const CARD_CLAIMS = 'alert-card-claims';
// A replica that claimed a group's card and died before posting it hands it over after this long.
const CARD_CLAIM_LAPSE_MS = 60_000;
const SEVERITY_ORDER = ['critical', 'warning', 'info'];

/** What the alert card keeper needs. */
export interface AlertCardsDependencies {
  /** Slack, when configured; without it every group is recorded as unrouted (there is nowhere to post). */
  client?: SlackClient;
  kv: KvRepository;
  threads: KnownThreads;
  config: Pick<Config, 'notifications' | 'services'>;
  /** The on-call primary of a team (a user id), for the mention on critical cards; undefined when unknown. */
  onCallPrimary: (team: string) => Promise<string | undefined>;
  now?: () => Date;
}

/**
 * One Slack message per Alertmanager group, posted on the first notification and edited in place
 * (`chat.update`) on every later one. The group and its card's location live in the store, so the edit finds
 * the message after a restart and from another replica; a claim makes exactly one replica post it.
 */
export class AlertCards {
  readonly groups: AlertGroups;
  private readonly queues = new Map<string, Promise<DeliveryOutcome>>();
  private readonly instance = randomUUID();
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
    const { client } = this.deps;
    const name = group.groupLabels.alertname ?? group.alerts[0]?.name ?? group.ref;
    if (group.card) {
      if (!client) return { outcome: 'unrouted', detail: `alert group ${name}: Slack is not configured` };
      await this.edit(client, group);
      return { outcome: 'updated', detail: `${group.ref} ${group.status}` };
    }
    const facts = this.factsOf(group);
    const channel = channelFor(this.deps.config, facts);
    if (!channel || !client) {
      const where = Object.entries(facts).filter(([, value]) => value).map(([key, value]) => `${key}=${value}`).join(' ');
      return { outcome: 'unrouted', detail: `alert group ${name} (${where || 'no labels'}) ${group.status}${client ? '' : '; Slack is not configured'}` };
    }
    if (!(await claimOnce(this.deps.kv, CARD_CLAIMS, group.ref, this.instance, CARD_CLAIM_LAPSE_MS))) {
      // Another replica is posting this group's card; it re-reads the group after posting, so this change shows.
      return { outcome: 'updated', detail: `${group.ref}: card being posted by another replica` };
    }
    const mention = group.status === 'firing' && facts.team && this.deps.config.notifications.mentionOnCall.includes(facts.severity as never) ? await this.deps.onCallPrimary(facts.team) : undefined;
    const card = renderAlertCard(group, this.now(), mention);
    const posted = await client.chat.postMessage({ channel, text: card.text, blocks: card.blocks, unfurl_links: false });
    const location = { channel: posted.channel ?? channel, ts: posted.ts ?? '' };
    await this.groups.setCard(group.ref, location, mention);
    // Replies in the card's thread reach opsbot without a mention, and know the alert (AlertThreadResponder).
    await this.deps.threads.remember({ channel: location.channel, threadTs: location.ts });
    const latest = await this.groups.get(group.ref);
    if (latest && latest.updatedAt !== group.updatedAt) await this.edit(client, latest);
    return { outcome: 'posted', detail: `${group.ref} in ${location.channel}` };
  }

  private async edit(client: SlackClient, group: AlertGroupRecord): Promise<void> {
    const card = renderAlertCard(group, this.now(), group.mentioned);
    await client.chat.update({ channel: group.card!.channel, ts: group.card!.ts, text: card.text, blocks: card.blocks });
  }
}
