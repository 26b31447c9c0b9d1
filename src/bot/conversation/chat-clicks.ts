import { randomUUID } from 'node:crypto';
import type { Origin } from '../../actions/origin.js';
import type { Gateway } from '../../gateway/gateway.js';
import { CARD_ACTION_IDS } from '../presenter/approval-card.js';
import type { ApprovalCards } from './approval-cards.js';
import { type Identities, unmappedNotice } from './identities.js';
import type { ConversationPort, InboundClick } from './port.js';

// Progress notes arrive many times a second; platforms allow about one edit of a message per second.
const PROGRESS_EDIT_INTERVAL_MS = 1_000;

/**
 * Buttons of cards other than approval cards (alert, release, PagerDuty, workload cards), handled by whoever posts
 * those cards; the front end only maps the clicker to a person first. Injected from above (src/bot), because the
 * event cards import this layer, never the other way round.
 */
export interface OtherButtons {
  /** The action ids this handler answers; any other click is ignored. */
  actionIds: ReadonlySet<string>;
  /** Runs the click for `person`, the opsbot identity the verified platform user id maps to. */
  handle(click: InboundClick, person: string): Promise<void>;
}

/**
 * Approve / Reject clicks on approval cards, resolved through the gateway under the clicker's own identity (the
 * person the platform id maps to, never the platform id), which re-checks their rights and lets exactly one of racing
 * clicks run the action. A refused or late click changes nothing and only the clicker is told why; the card itself
 * is updated by the gateway's change events (ApprovalCards).
 */
export class ChatClicks {
  constructor(private readonly deps: { port: ConversationPort; identities: Identities; gateway: Gateway; cards: ApprovalCards; others?: OtherButtons }) {}

  async handle(click: InboundClick): Promise<void> {
    const decision = click.actionId === CARD_ACTION_IDS.approve ? 'approve' : click.actionId === CARD_ACTION_IDS.reject ? 'reject' : undefined;
    const others = this.deps.others?.actionIds.has(click.actionId) ? this.deps.others : undefined;
    if (!decision && !others) return;
    const { port, gateway, cards } = this.deps;
    const place = { channel: click.message.channel, ...(click.message.thread ? { thread: click.message.thread } : {}) };
    const person = this.deps.identities.personOf(click.platform, click.clicker);
    if (!person) {
      await port.tellPrivately(place, click.clicker, { text: [unmappedNotice(click.platform, click.clicker)] });
      return;
    }
    if (!decision) return this.other(others!, click, person, place);
    const thread = click.message.thread ?? click.message.id;
    const origin: Origin = { frontEnd: click.platform, conversationId: `${click.platform}:${click.message.channel}:${thread}`, channel: click.message.channel, threadTs: thread, messageTs: click.message.id, via: 'command' };
    let lastNote = 0;
    const progress = (note: string) => {
      if (Date.now() - lastNote < PROGRESS_EDIT_INTERVAL_MS) return;
      lastNote = Date.now();
      void cards.showProgress(click.value, note);
    };
    const outcome = decision === 'approve' ? await gateway.confirm(click.value, person, origin, { progress }) : await gateway.reject(click.value, person, origin);
    if (outcome.status === 'denied' || outcome.status === 'not_pending') {
      await port.tellPrivately(place, click.clicker, { text: [outcome.text] });
      // A click on a card that looked open but was not: the card was stale (another process, a missed update).
      if (outcome.status === 'not_pending' && outcome.action) await cards.refresh(outcome.action.id);
    }
  }

  /** An event card's button; if it fails, the clicker hears so privately (with a reference the log carries) rather than nothing. */
  private async other(others: OtherButtons, click: InboundClick, person: string, place: { channel: string; thread?: string }): Promise<void> {
    try {
      await others.handle(click, person);
    } catch (error) {
      const reference = randomUUID().slice(0, 8);
      await this.deps.port.tellPrivately(place, click.clicker, { text: ['Sorry, something went wrong on my side and I could not finish that (ref ', { code: reference }, '). It has been logged; please try again in a moment.'] }).catch(() => undefined);
      throw new Error(`${click.actionId} click: ${error instanceof Error ? error.message : String(error)} (ref ${reference})`, { cause: error });
    }
  }
}
