import { OpsbotError } from '../errors.js';
import type { AnyTool } from './define-tool.js';

/** The one table of tools. Front ends never call `run` on an entry: the gateway does. */
export class ToolRegistry {
  private readonly tools = new Map<string, AnyTool>();

  /** `withheld`: tools not offered under this config, with why (their capability is not configured). */
  constructor(tools: AnyTool[], private readonly withheld: ReadonlyMap<string, string> = new Map()) {
    for (const tool of tools) {
      if (this.tools.has(tool.name)) throw new OpsbotError('duplicate_tool', `tool ${tool.name} is registered twice`);
      this.tools.set(tool.name, tool);
    }
  }

  get(name: string): AnyTool | undefined {
    return this.tools.get(name);
  }

  /** Why a tool that exists is not offered here, or undefined. */
  withheldReason(name: string): string | undefined {
    return this.withheld.get(name);
  }

  list(): AnyTool[] {
    return [...this.tools.values()];
  }
}
