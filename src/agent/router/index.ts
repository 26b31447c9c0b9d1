/**
 * The offline command router's one face: front ends (Slack, shell, CLI, webhooks) import only this module.
 * Everything behind it (domains, pipeline, vocabulary) may change without touching a front end.
 */
import type { Config } from '../../config/schema.js';
import { commandTable, commandWords, formsOf, usage as usageIn } from './command-table.js';
import type { ParseOptions } from './channel-service.js';
import { parseCommand } from './pipeline.js';
import type { ParsedCommand } from './parsed-command.js';
import type { VocabularyConfig } from './vocabulary.js';

export { CommandRouter } from './command-router.js';
export type { CommandEntry } from './command-table.js';
export { durationIn } from './durations.js';
export { formatOutcome } from './format-outcome.js';
export { helpText as help, permittedCommands } from './help-text.js';
export { parseMessage } from './parse-message.js';
export type { ParsedCommand } from './parsed-command.js';
export type { ChannelServiceLookup, ParseOptions } from './channel-service.js';
export { withChannelLookup } from './channel-service.js';
export { vocabularyOf } from './vocabulary.js';

/** One request as a tool call, help, small talk, or unknown: `parse('/deploy production v2.1.0', config, { channel })`. */
export function parse(text: string, config: VocabularyConfig, options: ParseOptions = {}): ParsedCommand {
  return parseCommand(text, config, options);
}

/** `Usage: /deploy SERVICE VERSION [to] ENVIRONMENT | /deploy list [SERVICE] [ENVIRONMENT]`, from the registry. */
export function usage(command: string, config: VocabularyConfig): string {
  return usageIn(command, commandTable(config));
}

/** The command words of the registry, each also a slash command (`/deploy`, `/ic`, `/status`, …). */
export function slashCommandNames(config: VocabularyConfig): string[] {
  return commandWords(commandTable(config));
}

/** For the Slack command picker: what a command word is for, and its forms without the word (`SERVICE VERSION [to] ENVIRONMENT | list …`). */
export function commandSummary(command: string, config: Config | VocabularyConfig): { description: string; hint: string } {
  const forms = formsOf(command, commandTable(config));
  const hint = forms.flatMap((form) => form.usage.split(' | ')).map((line) => line.replace(new RegExp(`^${command}\\s*`), '')).filter(Boolean);
  const description = forms.map((form) => form.summary.replace(/ \(.*\)$/, '')).join('; ');
  return { description: description.charAt(0).toUpperCase() + description.slice(1), hint: [...new Set(hint)].join(' | ') };
}
export { requestTopics, type RequestTopics } from './topics.js';
