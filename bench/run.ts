import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npm run bench`: runs every `*-bench.js` beside this file in turn; each prints its own figures. Names given
 * (`npm run bench -- mcp`) pick benches; `--quick` runs them with small counts. A bench that throws is reported,
 * the others still run, and the run exits non-zero.
 */
const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const files = readdirSync(here)
  .filter((file) => file.endsWith('-bench.js'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();
const failed: string[] = [];
for (const file of files) {
  const name = file.replace(/\.js$/, '');
  console.log(`\n== ${name}`);
  try {
    const module = (await import(pathToFileURL(`${here}/${file}`).href)) as { run: () => Promise<void> };
    await module.run();
  } catch (error) {
    console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    failed.push(name);
  }
}
if (failed.length) console.error(`\n${failed.length} benchmark(s) failed: ${failed.join(', ')}`);
// A failed bench may leave its subject retrying calls to a peer that is gone; the run is over either way.
process.exit(failed.length ? 1 : 0);
