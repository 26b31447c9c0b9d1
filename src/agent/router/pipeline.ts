import type { ParseOptions } from './channel-service.js';
import { type CommandEntry, commandTable, commandWords, isRead, takesRole } from './command-table.js';
import type { Domain } from './domain.js';
import { alertsDomain } from './domains/alerts.js';
import { conversationDomain } from './domains/conversation.js';
import { dashboardsDomain } from './domains/dashboards.js';
import { deploysDomain } from './domains/deploys.js';
import { incidentsDomain } from './domains/incidents.js';
import { peopleDomain } from './domains/people.js';
import { recordsDomain } from './domains/records.js';
import { reportsDomain } from './domains/reports.js';
import { releasesDomain } from './domains/releases.js';
import { statusDomain } from './domains/status.js';
import { workloadsDomain } from './domains/workloads.js';
import type { IntentRule } from './intent-rule.js';
import { isTypoOf } from './help-text.js';
import { EVERY_SERVICE } from './intent-arguments.js';
import { STEPS } from './intent-vocabulary.js';
import { closeName } from './name-typos.js';
import type { ParsedCommand, Phrasing, Utterance } from './parsed-command.js';
import { namesChange, textMentions, toSentence } from './sentence.js';
import { toUtterance } from './utterance.js';
import { type VocabularyConfig, vocabularyOf } from './vocabulary.js';

export type { ParseOptions } from './channel-service.js';

/** Every domain of the router; a new tool adds its forms and intents to its domain's file (or a new file here). */
const DOMAINS: readonly Domain[] = [conversationDomain, dashboardsDomain, recordsDomain, reportsDomain, releasesDomain, incidentsDomain, alertsDomain, peopleDomain, deploysDomain, statusDomain, workloadsDomain];

// One ordering across domains: the `order` of each rule is the tie-break between words that domains share.
const FORMS: readonly Phrasing[] = ranked(DOMAINS.flatMap((domain) => domain.forms));
const INTENTS: readonly IntentRule[] = ranked(DOMAINS.flatMap((domain) => domain.intents));

function ranked<Rule>(entries: ReadonlyArray<{ order: number; rule: Rule }>): Rule[] {
  return [...entries].sort((left, right) => left.order - right.order).map((entry) => entry.rule);
}

/**
 * One request as a tool call: pure and deterministic. The strict classic forms go first; what they cannot
 * complete goes to the intent rules, which read simple English and Japanese. When a form recognised a command
 * but found it incomplete, the intent rules may only finish or re-ask that same tool: an explicit command word
 * is not overridden by a keyword found elsewhere in the text.
 */
export function parseCommand(text: string, config: VocabularyConfig, options: ParseOptions = {}): ParsedCommand {
  // `--explain` anywhere asks a metrics answer to list every query it ran (README "Connect your Prometheus").
  const explain = EXPLAIN_FLAG.test(text);
  const words = explain ? text.replace(EXPLAIN_FLAG, ' ').trim() : text;
  const parsed = withCommandWordsCorrected(words, config, options);
  const read = parsed.kind === 'incomplete' || parsed.kind === 'unknown' ? withNamesCorrected(parsed, words, config, options) : parsed;
  return explain && read.kind === 'call' && EXPLAINED_TOOLS.has(read.tool) ? { ...read, args: { ...read.args, explain: true } } : read;
}

const EXPLAIN_FLAG = /(?:^|\s)--explain(?=\s|$)/g;
// The tools whose answers come from queries a person may want to see.
const EXPLAINED_TOOLS = new Set(['service_status', 'service_metrics']);

function withCommandWordsCorrected(text: string, config: VocabularyConfig, options: ParseOptions): ParsedCommand {
  const parsed = parseAsWritten(text, config, options);
  if (parsed.kind !== 'unknown') return parsed;
  // "stauts frontend", "rolback api in production": a typo of a command word, read as the word it is one edit
  // from. Names are corrected only for reads (withNamesCorrected): a typo of a service in a deploy must fail loudly.
  const corrected = correctCommandWords(text, commandTable(config));
  if (corrected === text) return parsed;
  const retried = parseAsWritten(corrected, config, options);
  return retried.kind === 'call' || retried.kind === 'incomplete' ? retried : parsed;
}

function parseAsWritten(text: string, config: VocabularyConfig, options: ParseOptions): ParsedCommand {
  const utterance = toUtterance(text, config, options);
  return withChannelService(parseUtterance(text, utterance, config, options), utterance);
}

function parseUtterance(text: string, utterance: Utterance, config: VocabularyConfig, options: ParseOptions): ParsedCommand {
  let classic: ParsedCommand | undefined;
  for (const form of FORMS) {
    classic = form(utterance);
    if (classic) break;
  }
  if (classic && classic.kind !== 'incomplete') return changeNamed(classic, text, config, options) ?? classic;
  const understood = parseIntent(text, config, options);
  if (!classic) return understood ?? { kind: 'unknown', text };
  // A command whose only words were unknown is not finished by dropping them: `status ../../etc/passwd` answered
  // with every service would answer a question nobody asked; the form's "I don't know …" stands.
  const sameTool = understood && 'tool' in understood && understood.tool === classic.tool;
  const onlyDropsWords = understood?.kind === 'call' && classic.kind === 'incomplete' && Object.keys(classic.args).length === 0 && Object.keys(understood.args).length === 0;
  return sameTool && !onlyDropsWords ? understood : classic;
}

// The reads a service name alone leads to: what a message that says more ("roll it back", "the steps when") is not.
const SERVICE_READS = ['service_status', 'service_metrics'];

/**
 * "payments prod is broken, roll it back", "what are the steps when the api database dies?": a status form found
 * a service and a symptom, but the message says what it wants in so many words (a change verb, the steps of a
 * runbook). What those words ask for (complete, or asking what is missing) wins over the status.
 */
function changeNamed(classic: ParsedCommand, text: string, config: VocabularyConfig, options: ParseOptions): ParsedCommand | undefined {
  if (classic.kind !== 'call' || !SERVICE_READS.includes(classic.tool) || !(namesChange(text) || textMentions(text, STEPS))) return undefined;
  const understood = parseIntent(text, config, options);
  return understood && 'tool' in understood && !SERVICE_READS.includes(understood.tool) ? understood : undefined;
}

/**
 * In a service's own channel (or its incident channel) the service may be left out of any command that takes
 * one: "any alerts?" in #payments is about payments. Asking about everything ("all", "overall") keeps it wide.
 */
function withChannelService(parsed: ParsedCommand, utterance: Utterance): ParsedCommand {
  const service = utterance.channelService;
  if (!service || (parsed.kind !== 'call' && parsed.kind !== 'incomplete') || parsed.args.service !== undefined) return parsed;
  if (!takesRole(parsed.tool, 'service', utterance.commands) || parsed.args.action === 'list' || textMentions(utterance.text, EVERY_SERVICE)) return parsed;
  return { ...parsed, args: { ...parsed.args, service } };
}

/**
 * "status frontnd": a read that names a mistyped service, environment or team takes the one name it is close
 * to and says so. A change never does (its answer asks "did you mean …?", argument-scan.ts), and nor does a
 * message whose corrected reading would be a change.
 */
function withNamesCorrected(parsed: ParsedCommand, text: string, config: VocabularyConfig, options: ParseOptions): ParsedCommand {
  const commands = commandTable(config);
  if (parsed.kind === 'incomplete' && !isRead(parsed.tool, commands)) return parsed;
  const vocabulary = vocabularyOf(config);
  const taken: string[] = [];
  const corrected = text.replace(/[A-Za-z][\w-]{3,}/g, (word) => {
    const name = closeName(word.toLowerCase(), vocabulary);
    if (!name) return word;
    taken.push(`"${word}" as ${name}`);
    return name;
  });
  if (!taken.length) return parsed;
  const retried = withCommandWordsCorrected(corrected, config, options);
  if (retried.kind !== 'call' || !isRead(retried.tool, commands)) return parsed;
  return { ...retried, note: `Taking ${taken.join(', ')}.` };
}

// Command words, and the words that start the commonest requests, that a typo is corrected to.
const KEY_WORDS = ['rollback', 'deploy', 'status', 'oncall', 'silence', 'release', 'incident', 'incidents', 'alerts', 'runbook', 'history'];

function correctCommandWords(text: string, commands: readonly CommandEntry[]): string {
  const keys = [...new Set([...KEY_WORDS, ...commandWords(commands)])].filter((word) => word.length >= 5);
  return text.replace(/[A-Za-z-]{5,}/g, (word) => {
    const lower = word.toLowerCase();
    if (keys.includes(lower)) return word;
    const near = keys.filter((key) => isTypoOf(lower, key));
    return near.length === 1 ? near[0]! : word;
  });
}

function parseIntent(text: string, config: VocabularyConfig, options: ParseOptions): ParsedCommand | undefined {
  const sentence = toSentence(text, config, options);
  if (sentence.tokens.length === 0) return undefined;
  for (const rule of INTENTS) {
    const parsed = rule(sentence);
    if (parsed) return parsed;
  }
  return undefined;
}
