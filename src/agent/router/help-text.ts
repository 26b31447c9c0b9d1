import type { Gateway } from '../../gateway/gateway.js';
import { COMMAND_SPECS, type CommandSpec } from './command-specs.js';
import type { CommandName } from './parsed-command.js';
import type { Vocabulary } from './vocabulary.js';

/** The command forms whose tools this user may use at all: help never advertises what policy would refuse. */
export async function permittedCommands(gateway: Gateway, actor: string): Promise<CommandSpec[]> {
  const visible = new Set((await gateway.visibleTools(actor)).map((tool) => tool.name));
  return COMMAND_SPECS.filter((spec) => visible.has(spec.tool));
}

/** `help`: the permitted commands with what each does, and the names they take. */
export function helpText(specs: CommandSpec[], context: { actor: string; vocabulary: Vocabulary; topic?: CommandName }): string {
  if (specs.length === 0) return nothingPermitted(context.actor);
  const shown = context.topic ? specs.filter((spec) => spec.command === context.topic) : specs;
  if (shown.length === 0) return `You (${context.actor}) may not run any ${context.topic} commands. Type help for what you may run.`;
  const width = Math.min(48, Math.max(...shown.map((spec) => spec.usage.length)));
  // A long usage line gets its summary on the next line, so the summaries of the others stay in one column.
  const lines = shown.map((spec) => (spec.usage.length > width ? `  ${spec.usage}\n  ${''.padEnd(width)}  ${spec.summary}` : `  ${spec.usage.padEnd(width)}  ${spec.summary}`));
  return [`Commands you (${context.actor}) may run:`, ...lines, `Names: ${context.vocabulary.describe()} (prod and stg work too).`].join('\n');
}

/** What the router says to text it cannot parse: short, and only what this user may run. */
export function unknownText(text: string, specs: CommandSpec[], actor: string): string {
  if (specs.length === 0) return nothingPermitted(actor);
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return [`I didn't understand "${shown}". You may run:`, ...specs.map((spec) => `  ${spec.usage}`), 'Type help for details.'].join('\n');
}

function nothingPermitted(actor: string): string {
  return `You (${actor}) may not run any commands: no role grants you anything (deny by default). Ask an admin to map your user id to a role.`;
}
