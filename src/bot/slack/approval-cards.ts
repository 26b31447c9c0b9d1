import { randomUUID } from 'node:crypto';
import type { Logger } from '@slack/bolt';
import type { Config } from '../../config/schema.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { ActionState } from '../../actions/action-state.js';
import type { PendingAction } from '../../actions/pending-action.js';
import type { KvRepository } from '../../store/kv-repository.js';
import type { BackgroundWork } from './background-work.js';
import { CardStore, type CardRecord } from './card-store.js';
import { outcomeLine, renderConfirmationCard } from '../presenter/block-kit.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';
import { claimOnce } from '../../store/replica-claim.js';
import type { SlackClient } from './slack-client.js';
import { threadOf, type SlackThread } from './slack-origin.js';

// How long a Slack turn may take to post the cards of the actions it proposed before the sweep steps in.
const SLACK_TURN_GRACE_MS = 60_000;
const CARD_CLAIMS = 'slack-card-claims';
// A replica that claimed a card and died before posting it hands it over after this long.
const CARD_CLAIM_LAPSE_MS = 60_000;

/** What the card keeper needs. */
export interface ApprovalCardsDependencies {
  client: SlackClient;
  kv: KvRepository;
  gateway: Gateway;
  config: Config;
  logger: Logger;
  work: BackgroundWork;
}

/**
 * Posts each pending action's confirmation card where its approvers can see it and keeps it in step with the
 * action: approved, running, outcome, rejected, expired. Work for one action runs in order on its own queue,
 * off the gateway's path, so a slow Slack API never delays or reorders a recorded transition.
 */
export class ApprovalCards {
  private readonly store: CardStore;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly instance = randomUUID();

  constructor(private readonly deps: ApprovalCardsDependencies) {
    this.store = new CardStore(deps.kv);
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
      if (!record?.outcomeTs || record.state !== 'running') return;
      const action = await this.deps.gateway.getAction(actionId);
      if (action?.state !== 'running') return;
      await this.deps.client.chat.update({ channel: record.outcomeThread.channel, ts: record.outcomeTs, text: truncate(`${outcomeLine(action)}\n${escapeMrkdwn(note)}`, 3500) });
    });
  }

  /**
   * Periodic catch-up: expires stale actions (their cards update through the listener), refreshes cards whose
   * action changed in another process, and posts cards for actions proposed elsewhere (CLI, MCP) since.
   */
  async sweep(): Promise<void> {
    await this.deps.gateway.expireStale();
    const jobs = (await this.store.openActionIds()).map((id) => this.refresh(id));
    const settled = Date.now() - SLACK_TURN_GRACE_MS;
    for (const action of await this.deps.gateway.listActions(50, { states: ['proposed'] })) {
      // A Slack turn posts its own cards right after its answer; one that died half-way left its action without one.
      const missing = action.origin.frontEnd === 'slack' ? Date.parse(action.createdAt) < settled : Boolean(this.deps.config.slack.approvalsChannel);
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
    // Slack conversations post their own cards right after the answer, so the card follows the text that explains it.
    if (action.origin.frontEnd !== 'slack') await this.ensureCard(action);
  }

  private async ensureCard(snapshot: PendingAction): Promise<void> {
    if (await this.store.get(snapshot.id)) return;
    const action = (await this.deps.gateway.getAction(snapshot.id)) ?? snapshot;
    const place = this.placeFor(action);
    if (!place) {
      this.deps.logger.info(`no Slack channel for the card of ${action.id} (set slack.approvalsChannel to post actions from ${action.origin.frontEnd})`);
      return;
    }
    // Replicas sweeping the same store would each post a card for an action proposed outside Slack.
    if (!(await claimOnce(this.deps.kv, CARD_CLAIMS, action.id, this.instance, CARD_CLAIM_LAPSE_MS))) return;
    const card = renderConfirmationCard(action);
    const posted = await this.deps.client.chat.postMessage({ channel: place.card.channel, ...(place.card.threadTs ? { thread_ts: place.card.threadTs } : {}), text: card.text, blocks: card.blocks });
    const channel = posted.channel ?? place.card.channel;
    const ts = posted.ts ?? '';
    const outcomeThread = place.outcome ?? { channel, threadTs: ts };
    await this.store.save(action.id, { channel, ts, outcomeThread, state: action.state });
    if (place.outcome && place.outcome.channel !== channel) {
      await this.deps.client.chat.postMessage({ channel: place.outcome.channel, thread_ts: place.outcome.threadTs, text: `Approval for \`${action.id}\` was requested in <#${channel}>; I'll report the outcome here.` });
    }
  }

  /**
   * Where approvers can see the card: the asking thread, unless that is a direct message the approvers cannot
   * read (the requester may not approve it themselves), or there is no thread (CLI, MCP): then the approvals channel.
   */
  private placeFor(action: PendingAction): { card: { channel: string; threadTs?: string }; outcome?: SlackThread } | undefined {
    const thread = threadOf(action.origin);
    const approvals = this.deps.config.slack.approvalsChannel;
    const privateToRequester = thread?.channel.startsWith('D') && !action.approval.requesterMayApprove;
    if (thread && !(privateToRequester && approvals)) return { card: thread, outcome: thread };
    if (approvals) return { card: { channel: approvals }, outcome: thread };
    return undefined;
  }

  private async sync(action: PendingAction): Promise<void> {
    const record = await this.store.get(action.id);
    if (!record) return;
    if (record.state !== action.state) {
      const card = renderConfirmationCard(action);
      await this.deps.client.chat.update({ channel: record.channel, ts: record.ts, text: card.text, blocks: card.blocks });
    }
    const outcomeTs = await this.tellThread(action, record);
    await this.store.save(action.id, { ...record, state: action.state, outcomeTs });
  }

  /** Progress and outcome in the asking thread: one message, posted when the action starts and edited when it ends. */
  private async tellThread(action: PendingAction, record: CardRecord): Promise<string | undefined> {
    const { channel, threadTs } = record.outcomeThread;
    const finished = action.state === 'succeeded' || action.state === 'failed' || action.state === 'outcome_unknown';
    if (!(action.state === 'running' && !record.outcomeTs) && !(finished && record.state !== action.state)) return record.outcomeTs;
    const text = truncate(outcomeLine(action), 3500);
    if (record.outcomeTs) {
      await this.deps.client.chat.update({ channel, ts: record.outcomeTs, text });
      return record.outcomeTs;
    }
    return (await this.deps.client.chat.postMessage({ channel, thread_ts: threadTs, text })).ts;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
