import type { Message, TextBlockParam, ToolResultBlockParam, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import type { Gateway } from '../../gateway/gateway.js';
import type { CallOutcome } from '../../actions/outcomes.js';
import type { PendingAction } from '../../actions/pending-action.js';
import { stateSentence } from '../../actions/state-sentences.js';
import { redactText } from '../../util/redact.js';
import type { Inbound } from '../responder.js';
import { type ChatMessage, mergeRoles } from './conversation-memory.js';
import { assistantContent, textOf, toolUsesOf, withCacheBreakpoint } from './message-content.js';
import type { ModelClient } from './model-client.js';
import { type ModelFailure, modelFailureOf } from './model-errors.js';
import { StreamedText } from './streamed-text.js';
import { tokensOf, type TokenBudget } from './token-budget.js';
import { MORE_TOOLS, type ToolOffer } from './tool-offer.js';
import { overCapResult, toolResultFor } from './tool-results.js';
import { metrics } from '../../observability/metrics.js';

/** Optional timing hooks (the benchmark separates opsbot's own overhead from model and tool time with them). */
export interface AgentTelemetry {
  modelRound?(milliseconds: number, tokens: number): void;
  toolBatch?(milliseconds: number, calls: number): void;
}

/** Everything one message's loop needs; built by ClaudeAgent for each message. */
export interface TurnSettings {
  /** The provider's adapter (model-client.ts): every provider is driven by this same loop. */
  client: ModelClient;
  gateway: Gateway;
  model: string;
  maxTokens: number;
  maxRoundTrips: number;
  /** Pending actions one message may create (config agent.maxProposalsPerTurn). */
  maxProposals: number;
  system: TextBlockParam[];
  /** The tool groups this message starts with; `more_tools` calls add to it for the rest of the message. */
  offer: ToolOffer;
  budget: TokenBudget;
  telemetry?: AgentTelemetry;
}

/** How one message's loop ended. */
export interface TurnResult {
  /** The answer; when the message asked for streaming, exactly what its `onText` deltas add up to. */
  text: string;
  actions: PendingAction[];
  /** What this message adds to conversation memory: the question through opsbot's last answer, always alternating. */
  added: ChatMessage[];
  /** Set when the model failed (or never answered in time) before any tool ran; the caller answers with the offline router instead. */
  unavailable?: ModelFailure;
  /** Set when the model failed after tools had run; the reply is composed from what they did (the router must not repeat them). */
  interrupted?: ModelFailure;
  /** True when the text was composed by opsbot because the model could not finish. */
  composed: boolean;
}

/**
 * Our own tool-use loop for one message. Each round streams one response; its tool calls all go to the gateway
 * at once; results go back as tool_result blocks. Mutations come back as proposals, and after a round that
 * proposed anything the model gets exactly one more round, with tools switched off (tool_choice none), to
 * tell the user in their own language what awaits approval. That keeps the turn ending at the confirmation
 * card while still answering the read-only half of a mixed request ("deploy … and tell me who's on call").
 * Text is streamed to the message's `onText` as the model writes it (see StreamedText for what that includes).
 */
export class AgentTurn {
  private readonly added: ChatMessage[] = [];
  private readonly outcomes: CallOutcome[] = [];
  private readonly actions: PendingAction[] = [];
  /** Mutating calls refused because the message already proposed maxProposals changes. */
  private overCap = 0;
  private readonly streamed: StreamedText;

  constructor(
    private readonly settings: TurnSettings,
    private readonly message: Inbound,
    private readonly history: readonly ChatMessage[],
    private readonly signal: AbortSignal,
  ) {
    this.streamed = new StreamedText(message.onText);
  }

  async run(): Promise<TurnResult> {
    const { maxRoundTrips, budget } = this.settings;
    // A secret pasted into chat goes no further: not to the model, not into stored memory.
    this.added.push({ role: 'user', content: [{ type: 'text', text: redactText(this.message.text) }] });
    for (let round = 1; ; round++) {
      const proposed = this.actions.length > 0;
      const last = proposed || round >= maxRoundTrips;
      let response: Message;
      this.streamed.separate('\n\n');
      try {
        response = await this.ask(last);
      } catch (error) {
        const failure = modelFailureOf(error, this.signal);
        if (!failure) throw error;
        // Before any tool ran the router can safely answer instead; after, it would repeat what was done.
        if (this.outcomes.length === 0) return { text: '', actions: [], added: [], unavailable: failure, composed: true };
        return { ...this.close(`I could not finish: ${failure.reason}.`), interrupted: failure };
      }
      const spent = await budget.charge(this.message.actor, tokensOf(response.usage));
      const uses = response.stop_reason === 'tool_use' ? toolUsesOf(response.content) : [];
      const content = assistantContent(response.content);
      if (uses.length === 0) return this.finish(content, response);

      const stop = proposed
        ? 'Further tool calls were not run: a proposal is awaiting approval.'
        : last
          ? `I stopped after ${maxRoundTrips} model round trip(s) without finishing; ask again more narrowly.`
          : spent >= budget.dailyLimit
            ? `I stopped: your daily language-model budget (${budget.dailyLimit} tokens) is used up until ${budget.resetsAt()}.`
            : this.signal.aborted
              ? 'I stopped: the time allowed for one message ran out.'
              : undefined;
      // A call the loop will not run must not stay in memory without a result, so only the text is kept.
      if (stop) return this.close(stop, textOf(content));

      this.added.push({ role: 'assistant', content });
      const results = await this.callTools(uses);
      this.added.push({ role: 'user', content: results });
      if (round + 1 >= maxRoundTrips && this.actions.length === 0) {
        // The next round is the last one and can use no tools: say so, so the model answers instead of planning.
        this.added[this.added.length - 1] = { role: 'user', content: [...results, { type: 'text', text: '(opsbot: no more tool calls are possible for this message; answer with what you have.)' }] };
      }
    }
  }

  private async ask(last: boolean): Promise<Message> {
    const { client, model, maxTokens, system, offer, telemetry } = this.settings;
    const tools = offer.schemas();
    const messages = withCacheBreakpoint(mergeRoles([...this.history, ...this.added]));
    const started = performance.now();
    const listener = this.message.onText ? { textBlock: () => this.streamed.separate('\n'), text: (delta: string) => this.streamed.push(delta) } : undefined;
    const request = { model, max_tokens: maxTokens, system, tools, messages, ...(last ? { tool_choice: { type: 'none' as const } } : {}) };
    const response = await client.round(request, { signal: this.signal, listener });
    telemetry?.modelRound?.(performance.now() - started, tokensOf(response.usage));
    recordModelRound(client.provider, (performance.now() - started) / 1000, response.usage);
    return response;
  }

  private async callTools(all: ToolUseBlock[]): Promise<ToolResultBlockParam[]> {
    // `more_tools` only changes what the next round offers: answered here, it reaches no system and ends in no outcome.
    const more = all.filter((use) => use.name === MORE_TOOLS);
    const answers = new Map(more.map((use) => [use.id, this.settings.offer.enable(use.input)] as const));
    const uses = all.filter((use) => use.name !== MORE_TOOLS);
    const results = await this.callRegistryTools(uses);
    return all.map((use) => {
      const answer = answers.get(use.id);
      if (!answer) return results.shift()!;
      return { type: 'tool_result', tool_use_id: use.id, content: answer.text, ...(answer.isError ? { is_error: true } : {}) };
    });
  }

  private async callRegistryTools(uses: ToolUseBlock[]): Promise<ToolResultBlockParam[]> {
    const { gateway, telemetry, maxProposals } = this.settings;
    const { onProgress } = this.message;
    if (uses.length === 0) return [];
    for (const use of uses) onProgress?.(`${gateway.catalog.get(use.name)?.title ?? use.name}…`);
    const started = performance.now();
    const outcomes: Array<CallOutcome | undefined> = new Array(uses.length);
    const mutating = (use: ToolUseBlock) => gateway.catalog.get(use.name)?.effect === 'mutate';
    // Mutations go one after another, so the cap counts actions that really became pending (a denied or invalid
    // call uses no slot); past it, calls are refused here and never reach the gateway.
    const propose = async () => {
      for (const [index, use] of uses.entries()) {
        if (!mutating(use)) continue;
        if (this.actions.length >= maxProposals) {
          this.overCap++;
          continue;
        }
        const outcome = await this.callTool(use);
        outcomes[index] = outcome;
        if (outcome.status === 'pending') this.actions.push(outcome.action);
      }
    };
    // Reads are concurrent: independent reads ("status of api and who is on call") cost one backend round, not two.
    const read = uses.map(async (use, index) => {
      if (!mutating(use)) outcomes[index] = await this.callTool(use);
    });
    await Promise.all([...read, propose()]);
    telemetry?.toolBatch?.(performance.now() - started, uses.length);
    return uses.map((use, index) => {
      const outcome = outcomes[index];
      if (!outcome) return overCapResult(use.id, maxProposals);
      this.message.onOutcome?.(outcome);
      this.outcomes.push(outcome);
      return toolResultFor(use.id, outcome);
    });
  }

  private async callTool(use: ToolUseBlock): Promise<CallOutcome> {
    const { actor, origin, onProgress } = this.message;
    try {
      return await this.settings.gateway.call({ tool: use.name, args: use.input, actor, origin: { ...origin, via: 'model' }, progress: onProgress });
    } catch (error) {
      // A fault inside opsbot: the model is told the tool did not answer, the operator gets a warning.
      process.emitWarning(`tool ${use.name} faulted: ${redactText(error instanceof Error ? error.message : String(error))}`);
      return { status: 'error', tool: use.name, text: 'opsbot failed internally while running this tool; it did not answer.' };
    }
  }

  private finish(content: ReturnType<typeof assistantContent>, response: Message): TurnResult {
    const own = textOf(content);
    const notes: string[] = [];
    if (response.stop_reason === 'max_tokens') notes.push('(My answer was cut off at the length limit.)');
    if (response.stop_reason === 'refusal' && !own) notes.push('The language model declined to answer this.');
    if (this.overCap) notes.push(this.overCapNote());
    const text = [own, ...notes].join('\n').trim();
    if (!text) return this.close(this.summary() || 'I have nothing to add.');
    this.added.push({ role: 'assistant', content: content.length ? content : [{ type: 'text', text }] });
    return { text: this.streamed.conclude(text, notes.join('\n')), actions: this.actions, added: this.added, composed: false };
  }

  /** Ends the turn with text opsbot composed itself (a bound was hit), keeping memory alternating. */
  private close(note: string, modelText = ''): TurnResult {
    const additions = [note, this.overCap ? this.overCapNote() : '', this.summary()].filter(Boolean).join('\n');
    const text = [modelText, additions].filter(Boolean).join('\n');
    this.added.push({ role: 'assistant', content: [{ type: 'text', text }] });
    return { text: this.streamed.conclude(text, additions), actions: this.actions, added: this.added, composed: true };
  }

  /** Said in every reply of a message that hit the cap, whatever the model wrote. */
  private overCapNote(): string {
    const { maxProposals } = this.settings;
    return `(${this.overCap} more change(s) were not proposed: one message may propose at most ${maxProposals}. Ask again once these are decided.)`;
  }

  /** What the tools did so far, for a reply the model could not write. */
  private summary(): string {
    if (this.outcomes.length === 0) return '';
    const lines = this.outcomes.map((outcome) => {
      const text = outcome.status === 'pending' ? `proposed ${outcome.action.id}: ${stateSentence(outcome.action, 'report', { subject: outcome.action.summary })} Approver: ${outcome.action.approval.summary}.` : outcome.text;
      return `• ${outcome.tool}: ${redactText(text)}`;
    });
    return ['What was done so far:', ...lines].join('\n');
  }
}

/** The model metrics of one round trip: its duration and its tokens by kind. */
function recordModelRound(provider: string, seconds: number, usage: Message['usage']): void {
  metrics.modelRequestSeconds.observe({ provider }, seconds);
  metrics.modelTokens.inc({ provider, kind: 'input' }, usage.input_tokens);
  metrics.modelTokens.inc({ provider, kind: 'output' }, usage.output_tokens);
  metrics.modelTokens.inc({ provider, kind: 'cache_read' }, usage.cache_read_input_tokens ?? 0);
  metrics.modelTokens.inc({ provider, kind: 'cache_write' }, usage.cache_creation_input_tokens ?? 0);
}
