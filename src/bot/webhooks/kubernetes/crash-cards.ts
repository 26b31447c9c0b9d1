import { randomUUID } from 'node:crypto';
import type { PodChange, WorkloadsPort } from '../../../backends/ports/workloads.js';
import type { Config } from '../../../config/schema.js';
import type { KvRepository } from '../../../store/kv-repository.js';
import { redactLogLine } from '../../../tools/workload-text.js';
import type { OutboxRepository, OutboxRow } from '../../../store/outbox-repository.js';
import { formatChannelRef, parseChannelRef } from '../../conversation/platforms.js';
import type { PostedRef } from '../../conversation/port.js';
import { channelFor } from '../notification-routes.js';
import { type CrashCardRecord, renderCrashCard } from './crash-card.js';
import { type CrashReason, crashSignal } from './crash-signal.js';
import { rolloutStall } from './rollout-signal.js';

const NAMESPACE = 'crash-cards';
/** The outbox purpose of crash and stall cards; the effect of that name records where a card landed. */
export const CRASH_CARD_PURPOSE = 'workload-card';
/** At most one new card per workload in this long, however many reasons and replicas report it. */
export const NEW_CARD_INTERVAL_MS = 10 * 60_000;
const LOG_LINES = 20;
const STALLED: CrashReason = 'rollout stalled';
/** A replica reads a workload's Deployment at most this often, however many of its pods change. */
const ROLLOUT_READ_MS = 30_000;

/** One workload's cards, one per reason, and when its last new card was posted: decided in one transaction. */
interface WorkloadCards {
  lastNewCardAt: string | null;
  cards: Partial<Record<CrashReason, CrashCardRecord>>;
}

/** What happened to an observation. */
export type CrashOutcome = 'posted' | 'updated' | 'recovered' | 'throttled' | 'unrouted' | 'ignored';

/** What the keeper needs: the outbox its cards are sent from, the store shared by replicas, the workloads port for logs. */
export interface CrashCardsDependencies {
  /** Where cards wait to be sent, to any platform, by whichever worker claims them (posted first, then edited in order). */
  outbox: OutboxRepository;
  /** Called after a card or an edit was queued (a worker of this process may send it now). */
  onQueued?: () => void;
  kv: KvRepository;
  workloads: WorkloadsPort;
  config: Pick<Config, 'notifications' | 'services'>;
  now?: () => Date;
  rolloutReadMs?: number;
}

/**
 * One card per workload and reason, posted to the service's route when a pod starts crashlooping or is
 * OOMKilled, and edited in place as more pods (or more restarts) join and when they all recover. Every
 * replica may see the same pod change; the store decides, in one transaction, which one posts, and a workload
 * gets at most one new card per 10 minutes.
 */
export class CrashCards {
  private readonly instance = randomUUID();
  private readonly now: () => Date;
  /** `environment/service` → when this replica last read its Deployment. */
  private readonly rolloutReads = new Map<string, number>();

  constructor(private readonly deps: CrashCardsDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  /** A pod change: its own trouble decides the crash cards; its Deployment is then read for a stalled rollout. */
  async observe(change: PodChange): Promise<CrashOutcome> {
    const outcome = await this.observePod(change);
    const { service, environment } = change.pod;
    if (service) await this.observeRollout(environment, service);
    return outcome;
  }

  /**
   * A Deployment past its progress deadline gets one card (reason `rollout stalled`) through the same claim,
   * rate and in-place edits as a crash; it recovers once the condition clears. Pod changes are how the watch
   * learns a rollout is under way, so the read happens here, within the configured namespace, at most every 30s.
   */
  async observeRollout(environment: string, service: string): Promise<CrashOutcome> {
    const key = `${environment}/${service}`;
    const at = this.now();
    const last = this.rolloutReads.get(key);
    if (last !== undefined && at.getTime() - last < (this.deps.rolloutReadMs ?? ROLLOUT_READ_MS)) return 'ignored';
    this.rolloutReads.set(key, at.getTime());
    const stall = rolloutStall(await this.deps.workloads.workload(service, environment));
    let outcome: CrashOutcome = 'ignored';
    let changed: CrashCardRecord | undefined;
    await this.deps.kv.update<WorkloadCards>(NAMESPACE, key, () => ({ lastNewCardAt: null, cards: {} }), (workload) => {
      outcome = 'ignored';
      changed = undefined;
      const existing = workload.cards[STALLED];
      const open = existing && !existing.recovered ? existing : undefined;
      if (!stall) {
        if (!open) return workload;
        changed = { ...open, recovered: true, updatedAt: at.toISOString() };
        outcome = 'recovered';
        return { ...workload, cards: { ...workload.cards, [STALLED]: changed } };
      }
      if (open) {
        if (JSON.stringify(open.rollout) === JSON.stringify(stall)) return workload;
        changed = { ...open, rollout: stall, updatedAt: at.toISOString() };
        outcome = 'updated';
        return { ...workload, cards: { ...workload.cards, [STALLED]: changed } };
      }
      if (workload.lastNewCardAt !== null && at.getTime() - Date.parse(workload.lastNewCardAt) < NEW_CARD_INTERVAL_MS) {
        outcome = 'throttled';
        return workload;
      }
      changed = { ref: `${key}/${STALLED}`, service, environment, reason: STALLED, pods: {}, logPod: null, logLines: [], firstSeenAt: at.toISOString(), updatedAt: at.toISOString(), recovered: false, rollout: stall, postingBy: this.instance, card: null };
      outcome = 'posted';
      return { lastNewCardAt: at.toISOString(), cards: { ...workload.cards, [STALLED]: changed } };
    });
    return this.publish(outcome as CrashOutcome, changed as CrashCardRecord | undefined);
  }

  private async publish(decided: CrashOutcome, record: CrashCardRecord | undefined): Promise<CrashOutcome> {
    if (!record) return decided;
    if (decided === 'posted') return this.post(record);
    await this.edit(record);
    return decided;
  }

  private async observePod(change: PodChange): Promise<CrashOutcome> {
    const { pod } = change;
    if (!pod.service) return 'ignored';
    const signal = change.type === 'DELETED' ? null : crashSignal(pod);
    const at = this.now();
    const key = `${pod.environment}/${pod.service}`;
    let outcome: CrashOutcome = 'ignored';
    let changed: CrashCardRecord | undefined;
    await this.deps.kv.update<WorkloadCards>(NAMESPACE, key, () => ({ lastNewCardAt: null, cards: {} }), (workload) => {
      outcome = 'ignored';
      changed = undefined;
      const cards = { ...workload.cards };
      // The pod leaves every card it is on whose reason it no longer shows; a card with no pods left has recovered.
      for (const record of Object.values(cards)) {
        if (!record || record.recovered || !(pod.name in record.pods) || signal?.reason === record.reason) continue;
        const { [pod.name]: _gone, ...pods } = record.pods;
        changed = cards[record.reason] = { ...record, pods, recovered: Object.keys(pods).length === 0, updatedAt: at.toISOString() };
        outcome = changed.recovered ? 'recovered' : 'updated';
      }
      if (!signal) return { ...workload, cards };
      const existing = cards[signal.reason];
      const entry = { restarts: signal.restarts, lastExit: signal.lastExit };
      if (existing && !existing.recovered) {
        const same = JSON.stringify(existing.pods[pod.name]) === JSON.stringify(entry);
        if (same) return { ...workload, cards };
        changed = cards[signal.reason] = { ...existing, pods: { ...existing.pods, [pod.name]: entry }, updatedAt: at.toISOString() };
        outcome = 'updated';
        return { ...workload, cards };
      }
      const recent = workload.lastNewCardAt !== null && at.getTime() - Date.parse(workload.lastNewCardAt) < NEW_CARD_INTERVAL_MS;
      if (recent) {
        outcome = 'throttled';
        return { ...workload, cards };
      }
      changed = cards[signal.reason] = {
        ref: `${pod.environment}/${pod.service}/${signal.reason}`,
        service: pod.service!,
        environment: pod.environment,
        reason: signal.reason,
        pods: { [pod.name]: entry },
        logPod: pod.name,
        logLines: [],
        firstSeenAt: at.toISOString(),
        updatedAt: at.toISOString(),
        recovered: false,
        postingBy: this.instance,
        card: null,
      };
      outcome = 'posted';
      return { lastNewCardAt: at.toISOString(), cards };
    });
    // Assigned inside the transaction's callback, which the compiler cannot follow.
    return this.publish(outcome as CrashOutcome, changed as CrashCardRecord | undefined);
  }

  /** The stored card of a reference (`environment/service/reason`), for its buttons; any replica can read it. */
  static async stored(kv: KvRepository, ref: string): Promise<CrashCardRecord | undefined> {
    const [environment, service, reason] = ref.split('/');
    const workload = await kv.get<WorkloadCards>(NAMESPACE, `${environment}/${service}`);
    return workload?.cards[reason as CrashReason];
  }

  private async post(record: CrashCardRecord): Promise<CrashOutcome> {
    const channel = channelFor(this.deps.config, { service: record.service, environment: record.environment, severity: 'warning' });
    if (!channel) return 'unrouted';
    // opsbot's own read for its notice, not a person's request: the previous container's last lines, redacted.
    const logs = record.logPod ? await this.deps.workloads.logs({ service: record.service, environment: record.environment, pod: record.logPod, tailLines: LOG_LINES, previous: true }).catch(() => undefined) : undefined;
    const withLogs = await this.store(record.ref, (stored) => ({ ...stored, logLines: (logs?.lines ?? []).map(redactLogLine) }));
    await this.queue(withLogs, channel);
    const latest = await this.store(record.ref, (stored) => stored);
    // Observations folded in while its logs were read show at once, in an edit queued behind the post.
    if (JSON.stringify(latest.pods) !== JSON.stringify(withLogs.pods) || JSON.stringify(latest.rollout) !== JSON.stringify(withLogs.rollout) || latest.recovered) await this.edit(latest);
    return 'posted';
  }

  /** Queues the card as it now reads, behind its post; nothing before the post is queued (the poster shows the change then). */
  private async edit(record: CrashCardRecord): Promise<void> {
    if (await this.deps.outbox.hasCard(cardKeyOf(record.ref))) await this.queue(record, '');
  }

  /** The first message of a card key is its post (to `channel`); later ones edit it where it landed. */
  private async queue(record: CrashCardRecord, channel: string): Promise<void> {
    await this.deps.outbox.enqueue([{ cardKey: cardKeyOf(record.ref), purpose: CRASH_CARD_PURPOSE, channel, content: renderCrashCard(record), meta: { ref: record.ref } }]);
    this.deps.onQueued?.();
  }

  /** After a card is posted (any worker, any replica): its record learns where, as a channel ref. */
  static posted(kv: KvRepository): (row: OutboxRow, posted: PostedRef) => Promise<void> {
    return async (row, posted) => {
      const ref = String(row.meta.ref ?? '');
      const [environment, service, reason] = ref.split('/') as [string, string, CrashReason];
      const card = { channel: formatChannelRef({ platform: parseChannelRef(row.channel).platform, channel: posted.channel }), ts: posted.id };
      await kv.update<WorkloadCards>(NAMESPACE, `${environment}/${service}`, () => ({ lastNewCardAt: null, cards: {} }), (workload) => {
        const stored = workload.cards[reason];
        return stored ? { ...workload, cards: { ...workload.cards, [reason]: { ...stored, card } } } : workload;
      });
    };
  }

  private async store(ref: string, change: (record: CrashCardRecord) => CrashCardRecord): Promise<CrashCardRecord> {
    const [environment, service, reason] = ref.split('/') as [string, string, CrashReason];
    let result: CrashCardRecord | undefined;
    await this.deps.kv.update<WorkloadCards>(NAMESPACE, `${environment}/${service}`, () => ({ lastNewCardAt: null, cards: {} }), (workload) => {
      result = change(workload.cards[reason]!);
      return { ...workload, cards: { ...workload.cards, [reason]: result } };
    });
    return result!;
  }
}

/** The outbox card key of a workload's card for one reason. */
function cardKeyOf(ref: string): string {
  return `workload:${ref}`;
}
