import type { Gateway } from '../../gateway/gateway.js';
import type { ApprovalCards } from '../conversation/approval-cards.js';
import type { SlackClient } from './slack-client.js';
import { slackOrigin } from './slack-origin.js';
import { CoalescingThrottle } from './streaming/coalescing-throttle.js';

const PROGRESS_EDIT_INTERVAL_MS = 1_000;

/** One click on a card button, as the listener translates Slack's signed payload. */
export interface CardClick {
  decision: 'approve' | 'reject';
  /** The button's value: only ever an action id. */
  actionId: string;
  /** The signed payload's user: the identity that decides. */
  user: string;
  channel: string;
  messageTs: string;
  threadTs?: string;
}

/**
 * Resolves a click through the gateway, which re-checks the clicker's rights and lets exactly one of racing
 * clicks run the action. A refused or late click changes nothing and only the clicker is told why; the card
 * itself is updated by the gateway's change events (see ApprovalCards).
 */
export class CardClicks {
  constructor(
    private readonly deps: { client: SlackClient; gateway: Gateway; cards: ApprovalCards },
  ) {}

  async handle(click: CardClick): Promise<void> {
    const origin = slackOrigin({ channel: click.channel, threadTs: click.threadTs ?? click.messageTs }, { messageTs: click.messageTs, via: 'command' });
    // Progress notes arrive many times a second; Slack allows about one edit of a message per second.
    const progress = new CoalescingThrottle<string>((note) => this.deps.cards.showProgress(click.actionId, note), { minIntervalMs: PROGRESS_EDIT_INTERVAL_MS });
    const outcome =
      click.decision === 'approve'
        ? await this.deps.gateway.confirm(click.actionId, click.user, origin, { progress: (note) => progress.push(note) }).finally(() => progress.close())
        : await this.deps.gateway.reject(click.actionId, click.user, origin);
    if (outcome.status === 'denied' || outcome.status === 'not_pending') {
      await this.deps.client.chat.postEphemeral({ channel: click.channel, user: click.user, text: outcome.text, ...(click.threadTs ? { thread_ts: click.threadTs } : {}) });
      // A click on a card that looked open but was not: the card was stale (another process, a missed update).
      if (outcome.status === 'not_pending' && outcome.action) await this.deps.cards.refresh(outcome.action.id);
    }
  }
}
