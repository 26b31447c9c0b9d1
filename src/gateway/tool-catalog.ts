import type { AnyTool } from '../tools/define-tool.js';
import type { ToolRegistry } from '../tools/registry.js';

/** What a front end may know about a tool: its name, description, schemas and hints, never its handler. */
export type ToolEntry = Readonly<Omit<AnyTool, 'run' | 'preview' | 'preconditions'>>;

/** The read-only tool table front ends read (help, MCP tools/list, the model's tool list); calls go to the gateway. */
export interface ToolCatalog {
  get(name: string): ToolEntry | undefined;
  list(): readonly ToolEntry[];
}

/** The registry seen through entries without handlers; one entry object per tool, so callers may cache by identity. */
export function catalogOf(registry: ToolRegistry): ToolCatalog {
  const entries = new Map<string, ToolEntry>();
  for (const tool of registry.list()) {
    const { run: _run, preview: _preview, preconditions: _preconditions, ...entry } = tool;
    entries.set(tool.name, Object.freeze(entry));
  }
  return {
    get: (name) => entries.get(name),
    list: () => [...entries.values()],
  };
}
