import type { CommandEntry } from './command-table.js';
import type { Token } from './tokens.js';
import type { Vocabulary } from './vocabulary.js';

/** What a message means to the offline router: a tool call, a recognised command missing something, help, small talk, or nothing known. */
export type ParsedCommand =
  /** `note` says what the router read differently from what was typed ("Taking "frontnd" as frontend."). */
  | { kind: 'call'; tool: string; args: Record<string, unknown>; note?: string }
  /** The command is clear but an argument is missing or unknown; `problem` says which, in a sentence. */
  | { kind: 'incomplete'; tool: string; args: Record<string, unknown>; problem: string }
  /** `help`, or `help deploy` for one command word. */
  | { kind: 'help'; topic?: string }
  /** A greeting or thanks: a short friendly answer, no tool. */
  | { kind: 'chat'; reply: string }
  | { kind: 'unknown'; text: string };

/** A message ready for the phrasings: tokens with the bot's name and politeness stripped, and the catalog's names. */
export interface Utterance {
  text: string;
  tokens: Token[];
  /** Lower-cased, punctuation-trimmed token words, for matching. */
  words: string[];
  vocabulary: Vocabulary;
  /** The registry's command forms, for tool facts (names, roles, command words). */
  commands: readonly CommandEntry[];
  /** The service whose channel (or incident channel) the message was written in; it may be left out there. */
  channelService?: string;
  /** The conversation it was written in; an incident's own channel may leave the incident's id out (the tool finds it). */
  channel?: string;
}

/** One way of saying things in a domain: returns a parse when it recognises the utterance, else undefined. */
export type Phrasing = (utterance: Utterance) => ParsedCommand | undefined;

/** A recognised command with everything its tool needs. */
export function call(tool: string, args: Record<string, unknown>): ParsedCommand {
  return { kind: 'call', tool, args: dropUndefined(args) };
}

/** A recognised command that cannot be called yet; the reply asks for what is missing. */
export function incomplete(tool: string, args: Record<string, unknown>, problem: string): ParsedCommand {
  return { kind: 'incomplete', tool, args: dropUndefined(args), problem };
}

// Absent arguments must be absent, not undefined, so schema defaults apply and tests compare cleanly.
function dropUndefined(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined));
}
