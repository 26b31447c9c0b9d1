import type { Opsbot } from '../../app.js';
import { KnownThreads } from '../conversation/known-threads.js';
import { ALERT_CARD_PURPOSE, alertCardPosted } from '../webhooks/alert-cards.js';
import { CRASH_CARD_PURPOSE, CrashCards } from '../webhooks/kubernetes/crash-cards.js';
import type { ChatCardSender } from './card-sender.js';
import { type OutboxEffect, type OutboxLogger, OutboxWorker } from './outbox-worker.js';

/** What each purpose of outbox row does once posted; every worker (any front end, any replica) runs the same. */
export function outboxEffects(opsbot: Pick<Opsbot, 'kv'>): Record<string, OutboxEffect> {
  return { [ALERT_CARD_PURPOSE]: alertCardPosted(opsbot.kv, new KnownThreads(opsbot.kv)), [CRASH_CARD_PURPOSE]: CrashCards.posted(opsbot.kv) };
}

/** Starts sending the outbox through the chat platforms given (one sender each); started by every front end that can post. */
export function startOutboxWorker(opsbot: Pick<Opsbot, 'outbox' | 'kv' | 'config' | 'gateway'>, senders: ChatCardSender | ChatCardSender[], options: { logger: OutboxLogger; intervalMs?: number }): OutboxWorker {
  const worker = new OutboxWorker({
    outbox: opsbot.outbox,
    senders: Array.isArray(senders) ? senders : [senders],
    effects: outboxEffects(opsbot),
    noticeChannel: opsbot.config.notifications.defaultChannel,
    logger: options.logger,
    intervalMs: options.intervalMs,
    // An action's card rows commit with its change of state; the change is announced after the commit.
    wakeOn: (wake) => opsbot.gateway.onActionChange(() => wake()),
  });
  worker.start();
  return worker;
}
