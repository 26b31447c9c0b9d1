import { sha256 } from '../../util/canonical-json.js';
import type { KvRepository } from '../../store/kv-repository.js';
import { type ChatThread, conversationIdOf } from '../conversation/threads.js';

const GROUPS = 'alert-groups';
// Thread (conversation id) → group reference, so a reply in an alert's thread finds its alert.
const THREADS = 'alert-threads';

/** One alert of a group, as the card and the buttons need it (labels and annotations already read). */
export interface AlertSummary {
  fingerprint: string;
  status: 'firing' | 'resolved';
  name: string;
  service?: string;
  team?: string;
  environment?: string;
  severity?: string;
  summary: string;
  runbookUrl?: string;
  startsAt: string;
  endsAt?: string;
  generatorUrl?: string;
  /**
   * The labels that say which alert this is (alertname, service/job, environment/namespace and the group's
   * labels): a silence from the card matches exactly these. Absent on groups stored before they were kept.
   */
  labels?: Record<string, string>;
}

/** One Alertmanager notification about one group. */
export interface GroupNotification {
  groupKey: string;
  status: 'firing' | 'resolved';
  receiver: string;
  externalUrl: string;
  groupLabels: Record<string, string>;
  truncatedAlerts: number;
  alerts: AlertSummary[];
}

/**
 * A group as stored: everything its card shows and its buttons act on, and where the card is. Buttons carry
 * only `ref`; a click reads the rest from here, never from the message.
 */
export interface AlertGroupRecord {
  ref: string;
  groupKey: string;
  status: 'firing' | 'resolved';
  groupLabels: Record<string, string>;
  externalUrl: string;
  truncatedAlerts: number;
  /** Every alert seen in the group, by fingerprint order of arrival; a later notification updates its entries. */
  alerts: AlertSummary[];
  firstSeenAt: string;
  updatedAt: string;
  resolvedAt?: string;
  /** Where the card is, once posted. */
  card?: { channel: string; ts: string };
  /** Who the first firing card mentioned (the on-call primary), if anyone. */
  mentioned?: string;
}

/** The stable reference of a group: short, opaque, and the same on every replica. */
export function groupRef(groupKey: string): string {
  return `ag_${sha256(groupKey).slice(0, 20)}`;
}

/** Alert groups in kv, so a restart or another replica finds the card to update. */
export class AlertGroups {
  constructor(private readonly kv: KvRepository) {}

  get(ref: string): Promise<AlertGroupRecord | undefined> {
    return this.kv.get<AlertGroupRecord>(GROUPS, ref);
  }

  /** Folds a notification into its group in one transaction, so concurrent notifications never lose each other. */
  merge(notification: GroupNotification, at: string): Promise<AlertGroupRecord> {
    const ref = groupRef(notification.groupKey);
    return this.kv.update<AlertGroupRecord | null>(GROUPS, ref, () => null, (current) => {
      const alerts = new Map((current?.alerts ?? []).map((alert) => [alert.fingerprint, alert]));
      for (const alert of notification.alerts) alerts.set(alert.fingerprint, alert);
      // A resolved group notification closes every alert in it, including ones seen only in earlier notifications.
      const merged = [...alerts.values()].map((alert) => (notification.status === 'resolved' && alert.status === 'firing' ? { ...alert, status: 'resolved' as const, endsAt: alert.endsAt ?? at } : alert));
      return {
        ref,
        groupKey: notification.groupKey,
        status: notification.status,
        groupLabels: notification.groupLabels,
        externalUrl: notification.externalUrl,
        truncatedAlerts: notification.truncatedAlerts,
        alerts: merged,
        firstSeenAt: current?.firstSeenAt ?? at,
        updatedAt: at,
        resolvedAt: notification.status === 'resolved' ? (latestEnd(merged) ?? at) : undefined,
        card: current?.card,
        mentioned: current?.mentioned,
      };
    }) as Promise<AlertGroupRecord>;
  }

  /** Records where the card was posted (and whom it mentioned), and which thread belongs to the group. */
  async setCard(ref: string, card: { channel: string; ts: string }, mentioned: string | undefined): Promise<AlertGroupRecord | undefined> {
    const updated = await this.kv.update<AlertGroupRecord | null>(GROUPS, ref, () => null, (current) => (current ? { ...current, card, mentioned } : current));
    await this.kv.put(THREADS, conversationIdOf({ channel: card.channel, threadTs: card.ts }), { ref });
    return updated ?? undefined;
  }

  /** Records whom the group's first firing card mentions, before it is posted. */
  async setMentioned(ref: string, mentioned: string): Promise<void> {
    await this.kv.update<AlertGroupRecord | null>(GROUPS, ref, () => null, (current) => (current ? { ...current, mentioned } : current));
  }

  /** The group whose card opens this thread, if any. */
  async ofThread(thread: ChatThread): Promise<AlertGroupRecord | undefined> {
    const entry = await this.kv.get<{ ref: string }>(THREADS, conversationIdOf(thread));
    return entry ? this.get(entry.ref) : undefined;
  }
}

function latestEnd(alerts: AlertSummary[]): string | undefined {
  return alerts.map((alert) => alert.endsAt).filter((end): end is string => Boolean(end)).sort().at(-1);
}
