import { TERMINAL_STATES, type ActionState } from '../../actions/action-state.js';
import type { KvRepository } from '../../store/kv-repository.js';
import type { Platform } from './platforms.js';

// The collections keep the names they had when only Slack had cards, so cards posted before an upgrade stay in step.
const CARDS = 'slack-cards';
// Cards whose action is not finished yet: the sweep re-checks only these, so it stays small as history grows.
const OPEN_CARDS = 'slack-open-cards';

/** A thread on some platform: where an action's progress and outcome are told. */
export interface OutcomeThread {
  platform: Platform;
  channel: string;
  thread: string;
  /** The "running…" message, edited with the outcome. */
  messageId?: string;
}

/** Where an action's approval card lives and where its outcome is told, kept in kv so cards stay in sync across restarts. */
export interface ApprovalCardRecord {
  platform: Platform;
  channel: string;
  /** The card's message id (Slack `ts`, Teams activity id…). */
  id: string;
  /** The conversation that asked (or the card's own thread) hears about progress and the outcome there. */
  outcome: OutcomeThread;
  /** The action state the card shows now. */
  state: ActionState;
}

/** A record as Slack-only releases stored it. */
interface SlackRecord {
  channel: string;
  ts: string;
  outcomeThread: { channel: string; threadTs: string };
  state: ActionState;
  outcomeTs?: string;
}

/** Card locations by action id. */
export class ApprovalCardStore {
  constructor(private readonly kv: KvRepository) {}

  async get(actionId: string): Promise<ApprovalCardRecord | undefined> {
    const stored = await this.kv.get<ApprovalCardRecord | SlackRecord>(CARDS, actionId);
    if (!stored || 'platform' in stored) return stored;
    const { channel, threadTs } = stored.outcomeThread;
    return { platform: 'slack', channel: stored.channel, id: stored.ts, state: stored.state, outcome: { platform: 'slack', channel, thread: threadTs, ...(stored.outcomeTs ? { messageId: stored.outcomeTs } : {}) } };
  }

  async save(actionId: string, record: ApprovalCardRecord): Promise<void> {
    await this.kv.put(CARDS, actionId, record);
    if (TERMINAL_STATES.includes(record.state)) await this.kv.delete(OPEN_CARDS, actionId);
    else await this.kv.put(OPEN_CARDS, actionId, { since: new Date().toISOString() });
  }

  async openActionIds(): Promise<string[]> {
    return (await this.kv.list<unknown>(OPEN_CARDS)).map((entry) => entry.key);
  }
}
