import { DEPLOY, GET_OUT, JAPANESE_IMPERATIVES, NEGATION, type Phrases, QUESTION_STARTS, REQUEST_STARTS, ROLLBACK } from './intent-vocabulary.js';
import type { ParseOptions } from './channel-service.js';
import { type Token, wordOf } from './tokens.js';
import { toUtterance } from './utterance.js';
import type { CommandEntry } from './command-table.js';
import type { Vocabulary, VocabularyConfig } from './vocabulary.js';

/** A token of free text with its offset in the sentence, so a phrase's position can cut the text (target before the message). */
export interface PlacedToken extends Token {
  at: number;
}

/** A message as the intent layer reads it: normalised text, Latin and Japanese runs as separate tokens, and whether it asks. */
export interface Sentence {
  /** NFKC-normalised (full-width letters, digits, ？ and ： made plain), otherwise as written. */
  text: string;
  /** `text` lower-cased, for Japanese substring matching. */
  lower: string;
  /** Tokens after politeness is removed; "stagingのapiの" is three tokens: staging, の, api, の. */
  tokens: PlacedToken[];
  words: string[];
  vocabulary: Vocabulary;
  commands: readonly CommandEntry[];
  /** The service of the channel the message was written in, used when the message names none. */
  channelService?: string;
  /** A question ("is INC-… resolved?", "解決済み？") reads; only requests change things. */
  question: boolean;
  /** "don't deploy …", "デプロイしないで": a refusal is no request. */
  negated: boolean;
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
// Printable ASCII runs and the rest: "stagingのapiの" yields the names staging and api between Japanese text.
const RUNS = /[\x21-\x7e]+|[^\x21-\x7e]+/g;

/** True when the phrase or text contains Japanese script. */
export function isJapanese(text: string): boolean {
  return JAPANESE.test(text);
}

/** Prepares a message for the intent rules. */
export function toSentence(text: string, config: VocabularyConfig, place: ParseOptions = {}): Sentence {
  const normalized = text.normalize('NFKC').replace(/[’‘]/g, "'").trim();
  const utterance = toUtterance(normalized, config, place);
  const tokens: PlacedToken[] = [];
  let cursor = 0;
  for (const token of utterance.tokens) {
    const runs = token.quoted ? [token.text] : (token.text.match(RUNS) ?? []);
    for (const run of runs) {
      const found = normalized.indexOf(run, cursor);
      const at = found === -1 ? cursor : found;
      cursor = found === -1 ? cursor : found + run.length;
      const word = token.quoted ? token.word : isJapanese(run) ? run.toLowerCase().replace(/[、。！!？?・…]+$/u, '') : wordOf(run);
      if (word || token.quoted) tokens.push({ text: token.quoted ? run : run.replace(/[?!.,;:)\]]+$/, ''), word, quoted: token.quoted, at });
    }
  }
  const words = tokens.map((token) => token.word);
  const sentence = { text: normalized, lower: normalized.toLowerCase(), tokens, words, vocabulary: utterance.vocabulary, commands: utterance.commands, channelService: utterance.channelService, question: asks(normalized, words), negated: false };
  return { ...sentence, negated: mentions(sentence, NEGATION) };
}

/** Whether the sentence may lead to a change: a request, neither a question nor a "don't". */
export function asksForChange(sentence: Sentence): boolean {
  return !sentence.question && !sentence.negated;
}

/**
 * Whether a text says to deploy or roll back in so many words ("roll it back", "ship v2.4.0", "get … out"): such a
 * verb decides what is asked even beside a service name and a symptom that alone would ask for status.
 */
export function namesChange(text: string): boolean {
  return textMentions(text, ROLLBACK) || textMentions(text, DEPLOY) || GET_OUT.test(text) || /\broll\s+(?:\S+\s+){1,3}?back\b/iu.test(text);
}

// Questions read and never change anything, so this errs towards calling a sentence a question.
function asks(text: string, words: string[]): boolean {
  if (QUESTION_STARTS.has(words[0] ?? '')) return true;
  // "can we get api v1.9.0 out to staging?" asks for the deploy; "can I deploy?" and "can we roll back?" stay questions.
  if (['can', 'could'].includes(words[0] ?? '') && words[1] === 'we' && GET_OUT.test(text)) return false;
  if (['can', 'could', 'may', 'should'].includes(words[0] ?? '') && ['i', 'we'].includes(words[1] ?? '')) return true;
  // "INC-2026-0001 is resolved?": a question mark after a sentence that does not open with a request word.
  if (!isJapanese(text)) return text.endsWith('?') && !REQUEST_STARTS.has(words[0] ?? '');
  const ending = text.replace(/[。\s]+$/u, '');
  return /(\?|か|かな|の)$/u.test(ending) && !JAPANESE_IMPERATIVES.some((form) => ending.includes(form));
}

/** Where the first of `phrases` occurs in the sentence (offset in `text`), or -1. */
export function phraseAt(sentence: Sentence, phrases: Phrases): number {
  let best = -1;
  for (const phrase of phrases) {
    const at = isJapanese(phrase) ? japaneseAt(sentence.lower, phrase) : englishAt(sentence, phrase);
    if (at !== -1 && (best === -1 || at < best)) best = at;
  }
  return best;
}

/** True when any of `phrases` occurs in the sentence. */
export function mentions(sentence: Sentence, phrases: Phrases): boolean {
  return phraseAt(sentence, phrases) !== -1;
}

/** True when a piece of raw text (a clause) mentions any of `phrases`, with the same whole-word and 未 rules. */
export function textMentions(text: string, phrases: Phrases): boolean {
  const lower = text.toLowerCase();
  return phrases.some((phrase) => {
    const matcher = matcherOf(phrase);
    // Most phrases are not in the text at all: a substring check rules them out before any pattern runs.
    return matcher === 'japanese' ? japaneseAt(lower, phrase) !== -1 : lower.includes(phrase) && matcher.test(lower);
  });
}

// The phrases are the router's fixed vocabulary, so each is compiled once (every message asks about dozens).
const MATCHERS = new Map<string, RegExp | 'japanese'>();

function matcherOf(phrase: string): RegExp | 'japanese' {
  let matcher = MATCHERS.get(phrase);
  if (!matcher) {
    matcher = isJapanese(phrase) ? 'japanese' : new RegExp(`(^|[^a-z0-9'-])${escape(phrase)}($|[^a-z0-9'-])`);
    MATCHERS.set(phrase, matcher);
  }
  return matcher;
}

function escape(phrase: string): string {
  return phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The token index where an English phrase starts, or -1. */
export function phraseIndex(sentence: Sentence, phrase: string): number {
  const parts = phrase.split(' ');
  return sentence.words.findIndex((_, start) => parts.every((part, offset) => sentence.words[start + offset] === part));
}

function englishAt(sentence: Sentence, phrase: string): number {
  const index = phraseIndex(sentence, phrase);
  return index === -1 ? -1 : sentence.tokens[index]!.at;
}

// 未 ("not yet") before a phrase negates it: 未解決 is unresolved, 未対応 unhandled.
function japaneseAt(lower: string, phrase: string): number {
  for (let at = lower.indexOf(phrase); at !== -1; at = lower.indexOf(phrase, at + 1)) {
    if (lower[at - 1] !== '未') return at;
  }
  return -1;
}
