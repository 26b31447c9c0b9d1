import type { Opsbot } from '../../app.js';
import type { Responder } from '../../agent/responder.js';
import { ApprovalCards } from './approval-cards.js';
import { ChatClicks, type OtherButtons } from './chat-clicks.js';
import { ChatTurns } from './chat-turns.js';
import { ChatWork } from './chat-work.js';
import { Identities } from './identities.js';
import type { ConversationPort } from './port.js';

/** How to run a chat front end on one platform. */
export interface ChatFrontEndOptions {
  port: ConversationPort;
  /** Answers messages: the agent, or the offline router. */
  responder: Responder;
  /** The offline router, which answers every command. */
  router: Responder;
  /**
   * The approval cards of another front end of this process (Slack's `cards`, or another chat front end's): this
   * platform's port joins them, so a card on one platform and its outcome on another stay in step. By default the
   * front end keeps its own, over its port alone.
   */
  cards?: ApprovalCards;
  /**
   * The buttons of event cards (alerts, releases, PagerDuty, workloads) on this platform, given its port and the
   * approval cards the requests they make are posted to. Without it those buttons do nothing here.
   */
  otherButtons?: (context: { port: ConversationPort; cards: ApprovalCards }) => OtherButtons;
  logger?: { info(message: string): void; error(message: string): void };
  /** How often expired actions and cards changed elsewhere are caught up with (default 15 s). */
  sweepIntervalMs?: number;
}

/** A running chat front end. */
export interface ChatFrontEnd {
  cards: ApprovalCards;
  /** Where the platform's requests are received, when the adapter listens. */
  port?: number;
  address?: string;
  sweep(): Promise<void>;
  /** Resolves when no turn, click or card update is left. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const consoleLogger = { info: (message: string) => console.info(message), error: (message: string) => console.error(message) };

/**
 * The platform-neutral front end Teams, Mattermost and Discord run on: the adapter verifies and translates, this
 * maps people, routes messages to the responder (commands to the router) and clicks to the gateway, and keeps
 * approval cards in step. It holds no business rules (DESIGN §1, §7).
 */
export async function startChatFrontEnd(opsbot: Opsbot, options: ChatFrontEndOptions): Promise<ChatFrontEnd> {
  const { port } = options;
  const { gateway, config, kv } = opsbot;
  const logger = options.logger ?? consoleLogger;
  const work = new ChatWork((error, what) => logger.error(`${port.platform} ${what}: ${error instanceof Error ? error.message : String(error)}`));
  const ownCards = !options.cards;
  const cards = options.cards ?? new ApprovalCards({ ports: [port], kv, outbox: opsbot.outbox, gateway, config, logger, work });
  if (options.cards) options.cards.addPort(port);
  const identities = new Identities(config.people);
  const turns = new ChatTurns({ port, identities, responder: options.responder, router: options.router, cards, logError: (error, what) => logger.error(`${what}: ${String(error)}`) });
  const others = options.otherButtons?.({ port, cards });
  const clicks = new ChatClicks({ port, identities, gateway, cards, ...(others ? { others } : {}) });
  const unsubscribe = ownCards ? gateway.onActionChange(cards.onActionChange) : () => undefined;

  const sweep = () => cards.sweep();
  const timer = setInterval(() => work.track('sweep', sweep()), options.sweepIntervalMs ?? 15_000);
  timer.unref();
  // Acknowledged by the adapter already; the turn runs after, tracked so stop waits for it.
  const listening = await port.start({
    message: async (message) => work.track(`${port.platform} message ${message.messageId}`, turns.handle(message)),
    click: async (click) => work.track(`${port.platform} click on ${click.value}`, clicks.handle(click)),
  });
  work.track('sweep', sweep());

  return {
    cards,
    ...listening,
    sweep,
    idle: () => work.idle(),
    async stop() {
      clearInterval(timer);
      await port.stop();
      await work.idle();
      unsubscribe();
    },
  };
}
