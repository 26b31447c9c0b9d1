import { writeSync } from 'node:fs';

/**
 * Runs the real `opsbot audit verify` in this process and, as the process exits, prints one JSON line with the
 * wall time and peak resident set size, which only the measured process itself can read (resourceUsage).
 */
const started = performance.now();
process.argv = [process.argv[0]!, 'opsbot', 'audit', 'verify'];
process.on('exit', () => {
  writeSync(1, `\n${JSON.stringify({ milliseconds: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS })}\n`);
});
await import('../src/cli/main.js');
