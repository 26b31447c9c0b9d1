import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * DESIGN §1: front ends ask the gateway (call, confirm, explain, may-confirm, the tool catalog); they never consult
 * the policy engine or read the tool registry themselves. Checked on every import and property use in src/bot and src/cli.
 */
const SOURCE = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const FRONT_ENDS = ['bot', 'cli'];
const FORBIDDEN = [/^policies\//, /^tools\/registry\.ts$/, /^tools\/index\.ts$/];
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('front ends', () => {
  const files = FRONT_ENDS.flatMap((folder) => sourceFiles(join(SOURCE, folder)));

  it('import neither the policy engine nor the tool registry', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const specifier = match[1] ?? match[2]!;
        if (!specifier.startsWith('.')) continue;
        const target = relative(SOURCE, resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
        if (FORBIDDEN.some((pattern) => pattern.test(target))) violations.push(`${relative(SOURCE, file)} imports ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('reach no policy engine or registry through an object they were handed', () => {
    const uses = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (/\.(registry|policy)\b/.test(line) ? [`${relative(SOURCE, file)}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(uses).toEqual([]);
  });

  it('sees the front-end files it checks', () => {
    expect(files.some((file) => file.includes(join('bot', 'slack')))).toBe(true);
    expect(files.some((file) => file.includes('cli'))).toBe(true);
  });
});
