import type { Config } from '../../config/schema.js';
import type { ToolEntry } from '../../gateway/tool-catalog.js';
import type { CommandSpec, Effect } from '../../tools/define-tool.js';
import { allTools } from '../../tools/index.js';
import type { VocabularyConfig } from './vocabulary.js';

/** One command form with the tool it calls: a row of the registry's command table. */
export interface CommandEntry extends CommandSpec {
  tool: string;
  /** Reads may take a close match of a mistyped name; mutations never guess. */
  effect: Effect;
}

/** The command forms of some tools, in registry order (help order). */
export function commandsOf(tools: readonly ToolEntry[]): CommandEntry[] {
  return tools.flatMap((tool) => (tool.commands ?? []).map((spec) => ({ ...spec, tool: tool.name, effect: tool.effect })));
}

const cache = new WeakMap<object, CommandEntry[]>();

/** Every command form of the registry a config builds; the router's parser reads it where it needs tool facts. */
export function commandTable(config: VocabularyConfig): CommandEntry[] {
  let table = cache.get(config);
  if (!table) {
    // Tool schemas need only the catalog (services, environments, teams), which every VocabularyConfig has.
    // Every tool, offered or not: a command for a capability not configured is understood, and answered as such.
    table = commandsOf(allTools(config as Config));
    cache.set(config, table);
  }
  return table;
}

/** The command words, each once, in help order: every one is also a slash command. */
export function commandWords(entries: readonly CommandEntry[]): string[] {
  return [...new Set(entries.map((entry) => entry.command))];
}

/** The usage lines of the forms that call `tool`, joined (several when a tool has several forms). */
export function usageOfTool(tool: string, entries: readonly CommandEntry[]): string | undefined {
  const lines = entries.filter((entry) => entry.tool === tool).map((entry) => entry.usage);
  return lines.length ? lines.join(' | ') : undefined;
}

/** Whether the tool has an argument of this role (`service` may then come from the channel). */
export function takesRole(tool: string, role: string, entries: readonly CommandEntry[]): boolean {
  return entries.some((entry) => entry.tool === tool && Object.values(entry.roles ?? {}).includes(role as never));
}

/**
 * One usage line per command, for slash commands and "incomplete" replies: `usage('/deploy', entries)` gives
 * `Usage: /deploy SERVICE VERSION [to] ENVIRONMENT | /deploy list [SERVICE] [ENVIRONMENT]`.
 */
export function usage(command: string, entries: readonly CommandEntry[]): string {
  const slash = command.startsWith('/');
  const name = command.replace(/^[/!]/, '').toLowerCase();
  const lines = formsOf(name, entries).flatMap((entry) => entry.usage.split(' | '));
  if (!lines.length) return `Unknown command "${command}". Commands: ${commandWords(entries).join(', ')}.`;
  return `Usage: ${[...new Set(lines)].map((line) => (slash ? `/${line}` : line)).join(' | ')}`;
}

/** The forms of one command word, the bare form (`deploy SERVICE …`) before the worded ones (`deploy list …`). */
export function formsOf(command: string, entries: readonly CommandEntry[]): CommandEntry[] {
  const forms = entries.filter((entry) => entry.command === command);
  return [...forms.filter((entry) => !entry.words?.length), ...forms.filter((entry) => entry.words?.length)];
}

/** Whether a tool of the table only reads (unknown tools count as changes: never guessed for). */
export function isRead(tool: string, entries: readonly CommandEntry[]): boolean {
  return entries.some((entry) => entry.tool === tool && entry.effect === 'read');
}
