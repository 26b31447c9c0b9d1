import { COMMAND_SPECS } from './command-specs.js';
import { call, type CommandName, incomplete, type ParsedCommand } from './parsed-command.js';
import type { Sentence } from './sentence.js';

/** One intent of the deterministic intent layer: recognises a sentence by its keywords and fills the tool's arguments. */
export type IntentRule = (sentence: Sentence) => ParsedCommand | undefined;

// Help and usage lines are grouped by command family; an intent reports the family of the tool it reached.
function commandOf(tool: string): CommandName {
  return COMMAND_SPECS.find((spec) => spec.tool === tool)?.command ?? 'status';
}

/** The tool call an intent settled on. */
export function found(tool: string, args: Record<string, unknown>): ParsedCommand {
  return call(commandOf(tool), tool, args);
}

/** An intent that is clear but misses something; `problem` is the one question to ask. */
export function ask(tool: string, args: Record<string, unknown>, problem: string): ParsedCommand {
  return incomplete(commandOf(tool), tool, args, problem);
}
