import { dirname, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, SOURCE, sourceFiles } from './source-files.js';

/**
 * The layer rule of DESIGN §1, checked on every import in src/ (static, `import type`, re-exports and dynamic
 * `import()` alike): a module may import its own layer or a lower one, never a higher one.
 *
 * `app` is the composition root: `src/app.ts` wires every layer together, and `src/app/` holds what only the
 * root can know (the adapter table, and loading plus cross-checking opsbot.yaml, which needs the tool table and
 * the permission vocabulary and so cannot sit in `config` at the ground). Front ends and the CLI are handed what
 * it built. `createResponder` stays in `agent`: it takes the parts of an Opsbot the agent uses, not the Opsbot.
 * `workflows` (follow-ups to gateway outcomes, DESIGN §10) sit beside the agent: above the gateway they listen to and
 * call, below the front ends that start them and add their part (a Slack channel, a line in the shell).
 * `observability` (opsbot's own metrics registry, logger and ops endpoints) is at the ground, so every layer may record.
 */
const LAYERS: Record<string, number> = {
  config: 0,
  util: 0,
  errors: 0,
  observability: 0,
  actions: 1,
  store: 2,
  audit: 2,
  backends: 2,
  tools: 2,
  charts: 2,
  policies: 3,
  gateway: 4,
  agent: 5,
  workflows: 5,
  bot: 6,
  cli: 6,
  app: 6,
};

/** `src/gateway/gateway.ts` → `gateway`; `src/app.ts` → `app`; `src/errors.ts` → `errors`. */
function layerOf(path: string): string {
  const first = relative(SOURCE, path).split(sep)[0]!;
  return first.replace(/\.ts$/, '');
}

describe('layers', () => {
  const files = sourceFiles();

  it('knows the layer of every top-level folder and file in src/', () => {
    const unknown = [...new Set(files.map(layerOf))].filter((layer) => !(layer in LAYERS));
    expect(unknown).toEqual([]);
  });

  it('has no import from a lower layer to a higher one', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const specifier of importsOf(file)) {
        const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
        const to = layerOf(target);
        if ((LAYERS[to] ?? -1) > (LAYERS[from] ?? -1)) violations.push(`${relative(SOURCE, file)} (${from}) imports ${specifier} (${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('sees the imports it checks (the scanner itself works)', () => {
    const gateway = files.filter((file) => layerOf(file) === 'gateway');
    expect(gateway.length).toBeGreaterThan(0);
    expect(gateway.flatMap(importsOf).length).toBeGreaterThan(0);
  });
});
