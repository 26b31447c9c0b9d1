import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The src/ folder the architecture tests read. */
export const SOURCE = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every .ts file below `directory`. */
export function sourceFiles(directory: string = SOURCE): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The relative specifiers a file imports: static, `import type`, re-exports and dynamic `import()` alike. */
export function importsOf(path: string): string[] {
  return [...readFileSync(path, 'utf8').matchAll(IMPORT)].map((match) => match[1] ?? match[2]!).filter((specifier) => specifier.startsWith('.'));
}
