import { TERMINAL_STATES, type ActionState } from '../../actions/action-state.js';
import type { KvRepository } from '../../store/kv-repository.js';
import type { SlackThread } from './slack-origin.js';

const CARDS = 'slack-cards';
// Cards whose action is not finished yet: the sweep re-checks only these, so it stays small as history grows.
const OPEN_CARDS = 'slack-open-cards';

/** Where an action's confirmation card lives and where its outcome is told, kept in kv so cards stay in sync across restarts. */
export interface CardRecord {
  channel: string;
  ts: string;
  /** The thread that hears about progress and the outcome: the conversation that asked, or the card's own thread. */
  outcomeThread: SlackThread;
  /** The action state the card shows now. */
  state: ActionState;
  /** The "running…" message in the outcome thread, edited with the outcome. */
  outcomeTs?: string;
}

/** Card locations by action id. */
export class CardStore {
  constructor(private readonly kv: KvRepository) {}

  get(actionId: string): Promise<CardRecord | undefined> {
    return this.kv.get<CardRecord>(CARDS, actionId);
  }

  async save(actionId: string, record: CardRecord): Promise<void> {
    await this.kv.put(CARDS, actionId, record);
    if (TERMINAL_STATES.includes(record.state)) await this.kv.delete(OPEN_CARDS, actionId);
    else await this.kv.put(OPEN_CARDS, actionId, { since: new Date().toISOString() });
  }

  async openActionIds(): Promise<string[]> {
    return (await this.kv.list<unknown>(OPEN_CARDS)).map((entry) => entry.key);
  }
}
