import type { Gateway } from '../../gateway/gateway.js';
import { type CommandEntry, commandsOf } from './command-table.js';
import { distance } from './edit-distance.js';
import { wordOf } from './tokens.js';
import type { Vocabulary } from './vocabulary.js';

/** The command forms whose tools this user may use at all: help never advertises what policy would refuse. */
export async function permittedCommands(gateway: Gateway, actor: string): Promise<CommandEntry[]> {
  return commandsOf(await gateway.visibleTools(actor));
}

/** `help`: the permitted commands with what each does, and the names they take. */
export function helpText(entries: readonly CommandEntry[], context: { actor: string; vocabulary: Vocabulary; topic?: string }): string {
  if (entries.length === 0) return nothingPermitted(context.actor);
  const shown = context.topic ? entries.filter((entry) => entry.command === context.topic) : entries;
  if (shown.length === 0) return `You (${context.actor}) may not run any ${context.topic} commands. Type help for what you may run.`;
  const width = Math.min(48, Math.max(...shown.map((entry) => entry.usage.length)));
  // A long usage line gets its summary on the next line, so the summaries of the others stay in one column.
  const lines = shown.map((entry) => (entry.usage.length > width ? `  ${entry.usage}\n  ${''.padEnd(width)}  ${entry.summary}` : `  ${entry.usage.padEnd(width)}  ${entry.summary}`));
  const forms = 'Type them as they are, or as !cmd, /cmd or @opsbot cmd.';
  return [`Commands you (${context.actor}) may run:`, ...lines, forms, `Names: ${context.vocabulary.describe()} (prod and stg work too).`].join('\n');
}

/**
 * What the router says to text it cannot parse: short, and only what this user may run. The forms closest to
 * what was typed ("deploy lst" → `deploy list`), else a few to start with.
 */
export function unknownText(text: string, entries: readonly CommandEntry[], actor: string): string {
  if (entries.length === 0) return nothingPermitted(actor);
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  const closest = closestCommands(text, entries);
  if (closest.length) return `I didn't understand "${shown}". Did you mean ${closest.map((entry) => `\`${entry.usage}\``).join(' or ')}? Type help for what you may run.`;
  const starters = [...new Map(entries.filter((entry) => !entry.words?.length).map((entry) => [entry.command, entry])).values()].slice(0, 5);
  return [`I didn't understand "${shown}". You may run, for example:`, ...starters.map((entry) => `  ${entry.usage}`), 'Type help for all you may run.'].join('\n');
}

/** Up to three forms whose command word (and form word) are within a typo of what was typed. */
export function closestCommands(text: string, entries: readonly CommandEntry[]): CommandEntry[] {
  const words = text.normalize('NFKC').trim().split(/\s+/).map((word) => wordOf(word).replace(/^[/!@]/, '')).filter((word) => word && word !== 'opsbot');
  const [first, second] = words;
  if (!first) return [];
  const scored = entries.flatMap((entry) => {
    const head = near(first, entry.command);
    if (head === undefined) return [];
    // The form word must match the second word typed when there is one ("deploy lst" is `deploy list`).
    const formWord = entry.words?.[0];
    const tail = formWord && second !== undefined ? near(second, formWord) : undefined;
    if (formWord && second !== undefined && tail === undefined) return [];
    if (formWord && second === undefined) return [{ entry, score: head + 2 }];
    return [{ entry, score: head + (tail ?? (second === undefined ? 0 : 1)) }];
  });
  scored.sort((left, right) => left.score - right.score);
  const best = scored[0]?.score;
  return best === undefined ? [] : scored.filter((candidate) => candidate.score === best).slice(0, 3).map((candidate) => candidate.entry);
}

/** True when `typed` is a plausible typo of `word`: same first letter, one edit per four letters. */
export function isTypoOf(typed: string, word: string): boolean {
  return typed !== word && near(typed, word) !== undefined;
}

// Distance when `typed` is a plausible typo of `word` (same first letter, one edit per four letters), else undefined.
function near(typed: string, word: string): number | undefined {
  if (typed === word) return 0;
  if (typed[0] !== word[0] || word.length < 3) return undefined;
  const edits = distance(typed, word);
  return edits <= Math.max(1, Math.floor(word.length / 4)) ? edits : undefined;
}

function nothingPermitted(actor: string): string {
  return `You (${actor}) may not run any commands: no role grants you anything (deny by default). Ask an admin to map your user id to a role.`;
}
