import type { TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { ToolCatalog, ToolEntry } from '../../gateway/tool-catalog.js';
import type { ToolGroup } from '../../tools/tool-groups.js';
import type { RequestTopics } from '../router/topics.js';
import { blocksOf, type ChatMessage } from './conversation-memory.js';
import { ToolOffer } from './tool-offer.js';

/**
 * What a first request may repeat of opsbot's own text (system prompt plus tool definitions): 2,500 tokens at a
 * conservative 3.5 bytes per token. Test/agent/claude/prompt-budget.test.ts holds the worst case to it.
 */
export const PROMPT_BUDGET_BYTES = 8_750;

/** When the router recognises nothing ("anything wrong?"), the groups of a first look at trouble. */
export const DEFAULT_GROUPS: readonly ToolGroup[] = ['status', 'alerts', 'oncall'];

/** How far back the conversation's own tool calls count ("and in staging?" after a deploy question). */
const RECENT_MESSAGES = 6;

/**
 * The groups a message needs, most wanted first: those of the tools the router read in it, those its words
 * name, those the conversation used lately (newest first), and the first-look groups when the router read
 * nothing at all.
 */
export function wantedGroups(topics: RequestTopics, history: readonly ChatMessage[], catalog: ToolCatalog): ToolGroup[] {
  const fromTools = topics.tools.flatMap((name) => catalog.get(name)?.group ?? []);
  const recent = history
    .slice(-RECENT_MESSAGES)
    .reverse()
    .flatMap((message) => blocksOf(message).flatMap((block) => (block.type === 'tool_use' ? (catalog.get(block.name)?.group ?? []) : [])));
  const understood = fromTools.length > 0 || topics.groups.length > 0;
  return [...new Set([...fromTools, ...topics.groups, ...recent, ...(understood ? [] : DEFAULT_GROUPS)])];
}

/**
 * The first offer: wanted groups in order while the system prompt plus the tool list (with `more_tools`) stays
 * within the budget. A group that does not fit is left to `more_tools`; a smaller one after it may still fit.
 * The most wanted group is always offered, so a message is never left with only `more_tools`.
 */
export function chooseOffer(visible: readonly ToolEntry[], wanted: readonly ToolGroup[], system: readonly TextBlockParam[], budgetBytes = PROMPT_BUDGET_BYTES): ToolOffer {
  const systemBytes = system.reduce((sum, block) => sum + Buffer.byteLength(block.text), 0);
  const permitted = wanted.filter((group) => visible.some((tool) => tool.group === group));
  const chosen: ToolGroup[] = [];
  for (const group of permitted) {
    const bytes = systemBytes + offerBytes(new ToolOffer(visible, [...chosen, group]));
    if (chosen.length === 0 || bytes <= budgetBytes) chosen.push(group);
  }
  // Nothing wanted is permitted (a viewer asking to deploy): offer what they may use, so the model can say so.
  if (chosen.length === 0 && visible[0]) chosen.push(visible[0].group);
  return new ToolOffer(visible, chosen);
}

/** Bytes of an offer's tool list as it is sent. */
export function offerBytes(offer: ToolOffer): number {
  return Buffer.byteLength(JSON.stringify(offer.schemas()));
}
