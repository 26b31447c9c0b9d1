import { terminalSafe, terminalSafeJson } from '../util/terminal-text.js';

/**
 * The CLI's printers. What they print mixes opsbot's words with text from people and backends (titles,
 * messages, audit records), so every line goes through terminalSafe on its way to the terminal.
 */
export function print(text: string): void {
  process.stdout.write(`${terminalSafe(text)}\n`);
}

/** Diagnostics and progress, on stderr so that stdout stays the answer (or one JSON object). */
export function printError(text: string): void {
  process.stderr.write(`${terminalSafe(text)}\n`);
}

/** One JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${terminalSafeJson(value)}\n`);
}
