import type { Token } from './tokens.js';
import type { Vocabulary } from './vocabulary.js';

/** Command families, one per slash command (plus chat-only ones); help and usage lines are grouped by them. */
export type CommandName = 'status' | 'deploy' | 'rollback' | 'oncall' | 'ic' | 'page' | 'incident' | 'alerts' | 'runbook' | 'release' | 'audit' | 'action' | 'dashboard';

/** What a message means to the offline router: a tool call, a recognised command missing something, help, or nothing known. */
export type ParsedCommand =
  | { kind: 'call'; command: CommandName; tool: string; args: Record<string, unknown> }
  /** The command is clear but an argument is missing or unknown; `problem` says which, in a sentence. */
  | { kind: 'incomplete'; command: CommandName; tool: string; args: Record<string, unknown>; problem: string }
  | { kind: 'help'; topic?: CommandName }
  | { kind: 'unknown'; text: string };

/** A message ready for the phrasings: tokens with the bot's name and politeness stripped, and the catalog's names. */
export interface Utterance {
  text: string;
  tokens: Token[];
  /** Lower-cased, punctuation-trimmed token words, for matching. */
  words: string[];
  vocabulary: Vocabulary;
}

/** One way of saying things in a domain: returns a parse when it recognises the utterance, else undefined. */
export type Phrasing = (utterance: Utterance) => ParsedCommand | undefined;

/** A recognised command with everything its tool needs. */
export function call(command: CommandName, tool: string, args: Record<string, unknown>): ParsedCommand {
  return { kind: 'call', command, tool, args: dropUndefined(args) };
}

/** A recognised command that cannot be called yet; the reply asks for what is missing. */
export function incomplete(command: CommandName, tool: string, args: Record<string, unknown>, problem: string): ParsedCommand {
  return { kind: 'incomplete', command, tool, args: dropUndefined(args), problem };
}

// Absent arguments must be absent, not undefined, so schema defaults apply and tests compare cleanly.
function dropUndefined(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined));
}
