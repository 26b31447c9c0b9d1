import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, SOURCE, sourceFiles } from './source-files.js';

/**
 * DESIGN §1: front ends ask the gateway (call, confirm, explain, may-confirm, the tool catalog); they never consult
 * the policy engine or read the tool registry themselves. Checked on every import and property use in src/bot and src/cli.
 */
const FRONT_ENDS = ['bot', 'cli'];
const FORBIDDEN = [/^policies\//, /^tools\/registry\.ts$/, /^tools\/index\.ts$/];

describe('front ends', () => {
  const files = FRONT_ENDS.flatMap((folder) => sourceFiles(join(SOURCE, folder)));

  it('import neither the policy engine nor the tool registry', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const specifier of importsOf(file)) {
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
