import { randomUUID } from 'node:crypto';
import type { ActionState } from '../../actions/action-state.js';
import type { PendingAction } from '../../actions/pending-action.js';
import type { Config } from '../../config/schema.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { KvRepository } from '../../store/kv-repository.js';
import type { OutboxRepository } from '../../store/outbox-repository.js';
import { claimOnce } from '../../store/replica-claim.js';
import { approvalCardKey } from '../outbox/approval-card-rows.js';
import { outcomeText, renderApprovalCard } from '../presenter/approval-card.js';
import { ApprovalCardStore, type ApprovalCardRecord, type OutcomeThread } from './approval-card-store.js';
import type { RichText } from './card.js';
import { platformName } from './identities.js';
import { parseChannelRef, type Platform, PLATFORMS } from './platforms.js';
import type { ConversationPort } from './port.js';

// How long a chat turn may take to post the cards of the actions it proposed before the sweep steps in.
const TURN_GRACE_MS = 60_000;
const CARD_CLAIMS = 'slack-card-claims';
// A replica that claimed a card and died before posting it hands it over after this long.
const CARD_CLAIM_LAPSE_MS = 60_000;

/** Keeps work off the caller's path while letting a front end wait for it (`idle`) and log its failures. */
export interface CardWork {
  track(what: string, work: Promise<unknown>): void;
}

/** What the card keeper needs. */
export interface ApprovalCardsDependencies {
  /**
   * The platforms this process posts to; cards on others are left to the process that has them. Several platforms in
   * one process share one ApprovalCards over all their ports, so a card on one and its outcome on another stay in step.
   */
  ports: ConversationPort[];
  kv: KvRepository;
  /** Where cards of actions asked outside a chat are written with the action (src/bot/outbox/approval-card-rows.ts). */
  outbox: Pick<OutboxRepository, 'hasCard'>;
  gateway: Gateway;
  config: Config;
  logger: { info(message: string): void; error(message: string): void };
  work: CardWork;
}

/** Where a card goes, and which thread hears the outcome. */
interface Placement {
  card: { platform: Platform; channel: string; thread?: string };
  outcome?: { platform: Platform; channel: string; thread: string };
}

/**
 * Posts each pending action's approval card where its approvers can see it — the thread it was asked in, on the
 * platform it came from, else the approvals channel (`slack.approvalsChannel`, on any platform: `teams:19:…`) —
 * and keeps it in step with the action: approved, running, outcome, rejected, expired. Work for one action runs
 * in order on its own queue, off the gateway's path, so a slow platform never delays or reorders a recorded
 * transition. A claim in the store makes one card per action however many replicas sweep. Cards of actions asked
 * outside a chat are written to the outbox with the proposal (approval-card-rows.ts) and left to it; only those
 * proposed before that, with no outbox card, are posted and kept here.
 */
export class ApprovalCards {
  private readonly store: ApprovalCardStore;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly instance = randomUUID();
  private readonly ports: Map<Platform, ConversationPort>;

  constructor(private readonly deps: ApprovalCardsDependencies) {
    this.store = new ApprovalCardStore(deps.kv);
    this.ports = new Map(deps.ports.map((port) => [port.platform, port]));
  }

  /**
   * A platform started beside the ones this keeper was made with (Teams beside Slack): its cards, and the outcomes
   * of actions asked there, go through the same keeper, so a card on one platform and its outcome on another stay in step.
   */
  addPort(port: ConversationPort): void {
    this.ports.set(port.platform, port);
  }

  /** Gateway listener (`gateway.onActionChange`): returns at once, the card work is queued. */
  readonly onActionChange = (action: PendingAction, event: ActionState): void => {
    void this.enqueue(action.id, () => (event === 'proposed' ? this.postIfElsewhere(action) : this.sync(action)));
  };

  /** Posts the card of an action (once, however often asked); resolves when it is posted. */
  post(action: PendingAction): Promise<void> {
    return this.enqueue(action.id, () => this.ensureCard(action));
  }

  /** Re-reads an action and brings its card up to date (after a click on a stale card, or from the sweep). */
  refresh(actionId: string): Promise<void> {
    return this.enqueue(actionId, async () => {
      const action = await this.deps.gateway.getAction(actionId);
      if (action) await this.sync(action);
    });
  }

  /**
   * A progress note from the running tool (deploy percentages) on the thread's "Running…" message. Queued behind
   * the action's transitions, so a late note never overwrites the outcome.
   */
  showProgress(actionId: string, note: string): Promise<void> {
    return this.enqueue(actionId, async () => {
      const record = await this.store.get(actionId);
      const port = record && this.ports.get(record.outcome.platform);
      if (!record?.outcome.messageId || record.state !== 'running' || !port) return;
      const action = await this.deps.gateway.getAction(actionId);
      if (action?.state !== 'running') return;
      await port.update({ channel: record.outcome.channel, id: record.outcome.messageId, thread: record.outcome.thread }, { text: [...outcomeText(action), '\n', note] });
    });
  }

  /**
   * Periodic catch-up: expires stale actions (their cards update through the listener), refreshes cards whose
   * action changed in another process, and posts cards for actions proposed elsewhere (CLI, MCP) that the outbox
   * does not hold (proposed before it took them over).
   */
  async sweep(): Promise<void> {
    await this.deps.gateway.expireStale();
    const jobs = (await this.store.openActionIds()).map((id) => this.refresh(id));
    const settled = Date.now() - TURN_GRACE_MS;
    for (const action of await this.deps.gateway.listActions(50, { states: ['proposed'] })) {
      // A chat turn posts its own cards right after its answer; one that died half-way left its action without one.
      const missing = isPlatform(action.origin.frontEnd) ? Date.parse(action.createdAt) < settled : Boolean(this.deps.config.slack.approvalsChannel);
      if (missing) jobs.push(this.post(action));
    }
    await Promise.all(jobs);
  }

  private enqueue(actionId: string, job: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(actionId) ?? Promise.resolve();
    const next = previous.then(job).catch((error: unknown) => this.deps.logger.error(`card for ${actionId}: ${describe(error)}`));
    this.queues.set(actionId, next);
    this.deps.work.track(`card ${actionId}`, next.finally(() => this.queues.get(actionId) === next && this.queues.delete(actionId)));
    return next;
  }

  private async postIfElsewhere(action: PendingAction): Promise<void> {
    // Conversations on a platform served here post their own cards right after the answer, so the card follows the text that explains it.
    if (!this.ports.has(action.origin.frontEnd as Platform)) await this.ensureCard(action);
  }

  private async ensureCard(snapshot: PendingAction): Promise<void> {
    if (await this.store.get(snapshot.id)) return;
    // Written to the outbox with the proposal: the outbox posts it and keeps it in step, so nothing here touches it.
    if (await this.deps.outbox.hasCard(approvalCardKey(snapshot.id))) return;
    const action = (await this.deps.gateway.getAction(snapshot.id)) ?? snapshot;
    const place = this.placeFor(action);
    if (!place) {
      this.deps.logger.info(`no channel for the card of ${action.id} (set slack.approvalsChannel to post actions from ${action.origin.frontEnd})`);
      return;
    }
    // Another process serves that platform (each front end keeps the cards of its own).
    const port = this.ports.get(place.card.platform);
    if (!port) return;
    // Replicas sweeping the same store would each post a card for an action proposed outside a chat.
    if (!(await claimOnce(this.deps.kv, CARD_CLAIMS, action.id, this.instance, CARD_CLAIM_LAPSE_MS))) return;
    const posted = await port.post({ channel: place.card.channel, ...(place.card.thread ? { thread: place.card.thread } : {}) }, renderApprovalCard(action));
    const outcome: OutcomeThread = place.outcome ?? { platform: port.platform, channel: posted.channel, thread: posted.id };
    await this.store.save(action.id, { platform: port.platform, channel: posted.channel, id: posted.id, outcome, state: action.state });
    if (place.outcome && (place.outcome.platform !== port.platform || place.outcome.channel !== posted.channel)) {
      const where: RichText = place.outcome.platform === port.platform ? [{ channel: posted.channel }] : [platformName(port.platform)];
      await this.tell(outcome, { text: ['Approval for ', { code: action.id }, ' was requested in ', ...where, "; I'll report the outcome here."] });
    }
  }

  /**
   * Where approvers can see the card: the asking thread, unless that is a direct message the approvers cannot
   * read (the requester may not approve it themselves), or there is no thread (CLI, MCP): then the approvals channel.
   */
  private placeFor(action: PendingAction): Placement | undefined {
    const { origin } = action;
    const thread = isPlatform(origin.frontEnd) && origin.channel && origin.threadTs ? { platform: origin.frontEnd, channel: origin.channel, thread: origin.threadTs } : undefined;
    const configured = this.deps.config.slack.approvalsChannel;
    const approvals = configured ? parseChannelRef(configured) : undefined;
    // Slack's direct message channels are `D…`; other platforms' front ends mark the origin.
    const direct = origin.direct || (thread?.platform === 'slack' && thread.channel.startsWith('D'));
    const privateToRequester = direct && !action.approval.requesterMayApprove;
    if (thread && !(privateToRequester && approvals)) return { card: thread, outcome: thread };
    if (approvals) return { card: approvals, ...(thread ? { outcome: thread } : {}) };
    return undefined;
  }

  private async sync(action: PendingAction): Promise<void> {
    const record = await this.store.get(action.id);
    const port = record && this.ports.get(record.platform);
    if (!record || !port) return;
    if (record.state !== action.state) await port.update({ channel: record.channel, id: record.id }, renderApprovalCard(action));
    const messageId = await this.tellOutcome(action, record);
    await this.store.save(action.id, { ...record, state: action.state, outcome: { ...record.outcome, ...(messageId ? { messageId } : {}) } });
  }

  /** Progress and outcome in the asking thread: one message, posted when the action starts and edited when it ends. */
  private async tellOutcome(action: PendingAction, record: ApprovalCardRecord): Promise<string | undefined> {
    const { outcome } = record;
    const finished = action.state === 'succeeded' || action.state === 'failed' || action.state === 'outcome_unknown';
    if (!(action.state === 'running' && !outcome.messageId) && !(finished && record.state !== action.state)) return outcome.messageId;
    const port = this.ports.get(outcome.platform);
    if (!port) return outcome.messageId;
    if (outcome.messageId) {
      await port.update({ channel: outcome.channel, id: outcome.messageId, thread: outcome.thread }, { text: outcomeText(action) });
      return outcome.messageId;
    }
    return (await port.post({ channel: outcome.channel, thread: outcome.thread }, { text: outcomeText(action) })).id;
  }

  private async tell(outcome: OutcomeThread, content: { text: RichText }): Promise<void> {
    const port = this.ports.get(outcome.platform);
    if (port) await port.post({ channel: outcome.channel, thread: outcome.thread }, content);
    else this.deps.logger.info(`no ${platformName(outcome.platform)} here to tell ${outcome.channel} where its approval card went`);
  }
}

function isPlatform(frontEnd: string): frontEnd is Platform {
  return (PLATFORMS as readonly string[]).includes(frontEnd);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
