import { OfflineNotices } from '../unavailable-notice.js';
import { requestTopics } from '../router/index.js';
import type { Config } from '../../config/schema.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { PendingAction } from '../../actions/pending-action.js';
import { type ActionState, isTerminal, TERMINAL_STATES } from '../../actions/action-state.js';
import { ConversationsRepository } from '../../store/conversations-repository.js';
import type { KvRepository } from '../../store/kv-repository.js';
import type { Store } from '../../store/open-store.js';
import { redactText } from '../../util/redact.js';
import type { Inbound, Reply, Responder } from '../responder.js';
import { type AgentTelemetry, AgentTurn } from './agent-turn.js';
import { type ChatMessage, ConversationMemory } from './conversation-memory.js';
import { outcomeNote } from './outcome-notes.js';
import { RedactedStream, redactedTurn } from './redacted-output.js';
import { systemPrompt } from './system-prompt.js';
import { TokenBudget } from './token-budget.js';
import type { ModelClient } from './model-client.js';
import { asData } from './tool-results.js';
import { chooseOffer, wantedGroups } from './group-choice.js';

// Which action outcomes were already written into their conversation.
const NOTED_NAMESPACE = 'agent-outcome-notes';

/** Room for a chat-sized answer plus any thinking the model does before it. */
const DEFAULT_MAX_TOKENS = 4096;

/** What the agent is built from: the parts of an Opsbot it uses, the provider's model client, and who answers when it cannot. */
export interface ClaudeAgentOptions {
  opsbot: { gateway: Gateway; config: Config; kv: KvRepository; store: Store };
  client: ModelClient;
  /** Answers when the model cannot (budget used up, API down after retries): the offline command router. */
  fallback: Responder;
  now?: () => Date;
  maxTokens?: number;
  telemetry?: AgentTelemetry;
}

/**
 * The Claude agent (DESIGN §6): free-form requests in any language, answered over the gateway. It can only
 * propose changes; outcomes of those proposals are written back into the conversation when humans act.
 * A message with `onText` gets the model's text as it streams in (AgentTurn, StreamedText).
 */
export class ClaudeAgent implements Responder {
  private readonly memory: ConversationMemory;
  private readonly budget: TokenBudget;
  private readonly unsubscribe: () => void;
  private readonly now: () => Date;
  /** The outage notice is said once per conversation. */
  private readonly notices = new OfflineNotices();

  constructor(private readonly options: ClaudeAgentOptions) {
    const { gateway, config, kv, store } = options.opsbot;
    this.now = options.now ?? (() => new Date());
    this.memory = new ConversationMemory(new ConversationsRepository(store, this.now), config.agent.memoryTurns);
    this.budget = new TokenBudget(kv, config.agent.dailyTokenBudget, this.now);
    this.unsubscribe = gateway.onActionChange((action, event) => this.recordOutcome(action, event));
  }

  async respond(message: Inbound): Promise<Reply> {
    const { gateway, config } = this.options.opsbot;
    // Nothing for a model to understand (the API would refuse an empty message); the router answers with help.
    if (!message.text.trim()) return this.options.fallback.respond(message);
    if ((await this.budget.remaining(message.actor)) <= 0) {
      return this.answerOffline(message, `your daily budget of ${config.agent.dailyTokenBudget} tokens is used up until ${this.budget.resetsAt()}`);
    }
    const conversationId = message.origin.conversationId;
    if (conversationId) await this.catchUpOutcomes(conversationId);
    const [history, grants, visible] = await Promise.all([
      conversationId ? this.memory.load(conversationId) : Promise.resolve([]),
      gateway.grantsOf(message.actor),
      // Least privilege: the model is only offered what this user may use, so an injected instruction cannot even name the rest.
      gateway.visibleTools(message.actor),
    ]);
    const ownPrompt = systemPrompt(config, grants, message.origin, this.now());
    // The router's classifier and the conversation's recent tools pick the groups; more_tools reaches the rest.
    const topics = requestTopics(message.text, config, { channel: message.origin.channel });
    const offer = chooseOffer(visible, wantedGroups(topics, history, gateway.catalog), ownPrompt);
    const settings = {
      client: this.options.client,
      gateway,
      model: config.agent.model,
      maxTokens: this.options.maxTokens ?? DEFAULT_MAX_TOKENS,
      maxRoundTrips: config.agent.maxRoundTrips,
      maxProposals: config.agent.maxProposalsPerTurn,
      // What the thread is about (an alert card's group) comes from another system, so it is marked as data.
      system: [...ownPrompt, ...(message.context ? [{ type: 'text' as const, text: asData(message.context, 'thread-context') }] : [])],
      offer,
      budget: this.budget,
      telemetry: this.options.telemetry,
    };
    const signal = AbortSignal.timeout(config.agent.timeoutSeconds * 1000);
    // The model's own output is redacted too before it is shown, posted or stored: it can repeat a secret it was given.
    const stream = message.onText ? new RedactedStream(message.onText) : undefined;
    const asked: Inbound = stream ? { ...message, onText: (delta) => stream.push(delta) } : message;
    let turn = await new AgentTurn(settings, asked, history, signal).run();
    // Stored history the API refuses (a cut turn, a format change) must not lock the conversation into the
    // router for good: forget it and ask once more without it.
    if (turn.unavailable?.invalidRequest && history.length > 0 && conversationId) {
      await this.memory.forget(conversationId);
      turn = await new AgentTurn(settings, asked, [], signal).run();
    }
    if (turn.unavailable) return this.answerOffline(message, turn.unavailable.reason);
    if (conversationId) await this.memory.appendTurn(conversationId, redactedTurn(turn.added));
    const outage = turn.interrupted && !turn.interrupted.timedOut ? turn.interrupted : undefined;
    if (!outage) this.notices.recovered(conversationId);
    const text = stream ? stream.finish() : redactText(turn.text);
    return { text: outage ? `${this.notices.lineFor(conversationId, outage.reason)}${text}` : text, actions: turn.actions, offline: Boolean(outage) };
  }

  /** Stops listening for action outcomes; call when the front end shuts down. */
  close(): void {
    this.unsubscribe();
  }

  /** The router answers; the exchange still goes into memory (as data) so the model has the context later. */
  private async answerOffline(message: Inbound, reason: string): Promise<Reply> {
    const reply = await this.options.fallback.respond(message);
    const conversationId = message.origin.conversationId;
    if (conversationId) {
      const exchange: ChatMessage[] = [
        { role: 'user', content: [{ type: 'text', text: redactText(message.text) }] },
        { role: 'assistant', content: [{ type: 'text', text: `(Answered by the offline command router while the language model was unavailable.)\n${asData(reply.text, 'router')}` }] },
      ];
      await this.memory.appendTurn(conversationId, exchange);
    }
    // A proposal adds no text (it travels in reply.actions), so a notice alone keeps no trailing newline.
    const notice = this.notices.lineFor(conversationId, reason);
    return { ...reply, text: reply.text ? `${notice}${reply.text}` : notice.trimEnd(), offline: true };
  }

  private async recordOutcome(action: PendingAction, event: ActionState): Promise<void> {
    // Worth telling the conversation about: the transitions after which the action will not change again.
    if (isTerminal(event)) await this.noteOnce(action, event);
  }

  /**
   * Outcomes decided where no agent was listening (`opsbot confirm` in another process, another replica) are
   * found in the actions table at the next message of their conversation and noted then.
   */
  private async catchUpOutcomes(conversationId: string): Promise<void> {
    const finished = await this.options.opsbot.gateway.listActions(20, { conversationId, states: [...TERMINAL_STATES] });
    for (const action of finished.reverse()) await this.noteOnce(action, action.state);
  }

  /** Appends an action's outcome note once; the marker keeps a note that memory has since trimmed from coming back. */
  private async noteOnce(action: PendingAction, event: ActionState): Promise<void> {
    const conversationId = action.origin.conversationId;
    if (!conversationId) return;
    const { kv } = this.options.opsbot;
    const key = `${action.id}:${event}`;
    if (await kv.get(NOTED_NAMESPACE, key)) return;
    await this.memory.appendNote(conversationId, outcomeNote(action, event));
    await kv.put(NOTED_NAMESPACE, key, { conversationId, at: this.now().toISOString() });
  }
}
