import { call, incomplete, type ParsedCommand } from './parsed-command.js';
import type { Sentence } from './sentence.js';

/** One intent of the deterministic intent layer: recognises a sentence by its keywords and fills the tool's arguments. */
export type IntentRule = (sentence: Sentence) => ParsedCommand | undefined;

/** The tool call an intent settled on. */
export const found = call;

/** An intent that is clear but misses something; `problem` is the one question to ask. */
export const ask = incomplete;
