import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import type { ToolEntry } from '../../gateway/tool-catalog.js';
import { TOOL_GROUPS, TOOL_GROUP_NAMES, type ToolGroup } from '../../tools/tool-groups.js';
import { toolSchema } from './tool-schemas.js';

/** The agent's own tool: not in the registry (it changes only what this message's model is offered, never the world). */
export const MORE_TOOLS = 'more_tools';

/**
 * The tools one message's model is offered: the permitted tools of some groups, plus `more_tools`, which names
 * the permitted groups left out and adds those the model asks for, for the rest of the message. Which groups
 * start offered is decided by group-choice.ts; permission was already applied to `visible` by the gateway.
 */
export class ToolOffer {
  private readonly offered = new Set<ToolGroup>();

  constructor(
    private readonly visible: readonly ToolEntry[],
    groups: Iterable<ToolGroup>,
  ) {
    for (const group of groups) this.offered.add(group);
  }

  /** Offered groups, in tool-group order. */
  groups(): ToolGroup[] {
    return TOOL_GROUP_NAMES.filter((group) => this.offered.has(group));
  }

  /** Permitted groups not offered yet: what `more_tools` can add. */
  others(): ToolGroup[] {
    return TOOL_GROUP_NAMES.filter((group) => !this.offered.has(group) && this.visible.some((tool) => tool.group === group));
  }

  tools(): ToolEntry[] {
    return this.visible.filter((tool) => this.offered.has(tool.group));
  }

  /**
   * The request's tool list, in registry order with `more_tools` last, the last entry marked for prompt caching:
   * the same groups give the same prefix, so the cache is shared by every message that needs them.
   */
  schemas(): Tool[] {
    const others = this.others();
    const list = [...this.tools().map(toolSchema), ...(others.length ? [moreToolsSchema(others)] : [])];
    const last = list[list.length - 1];
    if (last) list[list.length - 1] = { ...last, cache_control: { type: 'ephemeral' } };
    return list;
  }

  /** Runs a `more_tools` call: adds the groups asked for and says what is now offered, or what can be asked for. */
  enable(input: unknown): { text: string; isError: boolean } {
    const asked = Array.isArray((input as { groups?: unknown } | null)?.groups) ? ((input as { groups: unknown[] }).groups as unknown[]) : [];
    const available = this.others();
    const unknown = asked.filter((group) => !available.includes(group as ToolGroup) && !this.offered.has(group as ToolGroup));
    if (unknown.length) return { text: `No such group: ${unknown.join(', ')}. ${listing(available)}`, isError: true };
    const added = asked.filter((group): group is ToolGroup => available.includes(group as ToolGroup));
    if (added.length === 0) return { text: listing(available), isError: false };
    for (const group of added) this.offered.add(group);
    const names = this.visible.filter((tool) => added.includes(tool.group)).map((tool) => tool.name);
    return { text: `Offered from now on in this message: ${names.join(', ')}.`, isError: false };
  }
}

function listing(groups: readonly ToolGroup[]): string {
  return groups.length ? `Groups you can add: ${groups.map((group) => `${group} (${TOOL_GROUPS[group]})`).join('; ')}.` : 'Every tool you may use is already offered.';
}

// Built per request (the list of groups differs), but only a few dozen bytes: its description is the listing itself.
function moreToolsSchema(others: readonly ToolGroup[]): Tool {
  return {
    name: MORE_TOOLS,
    description: `Adds tools for this message when none offered fits. ${listing(others)}`,
    input_schema: { type: 'object', properties: { groups: { type: 'array', items: { enum: [...others] } } }, required: ['groups'] },
  };
}
