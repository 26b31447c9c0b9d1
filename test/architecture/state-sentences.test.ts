import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATE_SENTENCES, stateSentence } from '../../src/actions/state-sentences.js';
import type { PendingAction } from '../../src/actions/pending-action.js';

const root = join(import.meta.dirname, '..', '..');
const STATE_NAMES = 'proposed|approved|running|succeeded|failed|outcome_unknown|rejected|expired|cancelled|stale';

/**
 * Phrases that say what became of an action. Each needs a state word or a state value next to the phrase, so a
 * sentence like "a request is already known" or "arguments are invalid; nothing ran" does not count.
 */
const STATE_SENTENCE_PATTERNS: RegExp[] = [
  /already \$\{/, // `already ${action.state}`
  new RegExp(`\\b(is|was|has) already (${STATE_NAMES})(?=[;.'\`]|$)`), // not "v2.4.0 is already running in production"
  /\b(rejected|cancelled|expired|stale) by \$\{/, // `rejected by ${actor}`; "approved by" also names who approved a deploy
  /\$\{[\w.]*\bstate\} by\b/, // `${state} by ${actor}`
  /\$\{[\w.]*\b(state|event)\}[^`\n]*nothing ran/, // `${action.state} …; nothing ran`
  /\bwas (approved|rejected|cancelled) (and|but) (is|has|was|failed|succeeded|ran)\b/,
  /\bexpired (at \$\{[^}]*\} )?without approval\b/,
  /\b(and ran successfully|Waiting for approval until|awaiting approval by)\b/,
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Source lines without comments: a doc comment may quote a sentence to explain it. */
function codeLines(path: string): Array<[number, string]> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, index): [number, string] => [index + 1, line])
    .filter(([, line]) => !/^\s*(\/\/|\/?\*)/.test(line))
    .map(([number, line]): [number, string] => [number, line.replace(/\s\/\/ .*$/, '')]);
}

describe('state sentences live in one table', () => {
  it('has an entry for every ActionState, read from the type itself', () => {
    const declared = readFileSync(join(root, 'src/actions/action-state.ts'), 'utf8').match(/export type ActionState = ([^;]+);/)![1]!;
    const states = [...declared.matchAll(/'(\w+)'/g)].map(([, state]) => state);
    expect(states.length).toBeGreaterThan(5);
    expect(Object.keys(STATE_SENTENCES).sort()).toEqual([...states].sort());
  });

  it('says "nothing ran" (or "Not run") in every sentence of a state that never ran, and in none of one that did', () => {
    for (const [state, sentence] of Object.entries(STATE_SENTENCES)) {
      for (const form of [sentence.status, sentence.report, sentence.again]) {
        expect(/nothing ran|Not run/.test(form), `${state}: ${form}`).toBe(sentence.nothingRan);
      }
    }
  });

  it('drops the part naming a person when nobody decided, and fills it when someone did', () => {
    const action = { id: 'act_1', state: 'rejected', decidedBy: null, decidedAt: null, expiresAt: '2026-05-01T10:15:00.000Z', result: null } as unknown as PendingAction;
    expect(stateSentence(action, 'again')).toBe('act_1 was already rejected; nothing ran.');
    expect(stateSentence({ ...action, decidedBy: 'U00LEAD2' }, 'again', { person: (id) => `<@${id}>` })).toBe('act_1 was already rejected by <@U00LEAD2>; nothing ran.');
  });

  it('catches each kind of sentence it looks for (the patterns are not dead)', () => {
    const samples = ['`${action.id} is already ${action.state}`', '`was already rejected by ${by}`', '`${id} cancelled by ${actor}; nothing ran.`', '`${id} ${state} by ${actor}`', "'was approved and ran successfully'", '`was approved by ${by} and is already running`', '`expired at ${at} without approval`'];
    for (const sample of samples) expect(STATE_SENTENCE_PATTERNS.some((pattern) => pattern.test(sample)), sample).toBe(true);
    const innocent = [
      "'an equal or newer status is already known'",
      '`${service} ${version} is already running in ${environment}.`',
      '`${target} never ran successfully in ${environment}`',
      '`, approved by ${deploy.approvedBy}`',
      "'opsbot stopped after this was approved but before it started; it did not run.'",
    ];
    for (const text of [...innocent,  '`invalid arguments for ${tool}: ${why}; nothing ran`', "'Further tool calls were not run: a proposal is awaiting approval.'"]) {
      expect(STATE_SENTENCE_PATTERNS.some((pattern) => pattern.test(text)), text).toBe(false);
    }
  });

  it('has no state sentence written outside src/actions and the presenter', () => {
    const offenders: string[] = [];
    for (const path of sources(join(root, 'src'))) {
      const file = relative(root, path);
      if (file.startsWith('src/actions/') || file.startsWith('src/bot/presenter/')) continue;
      for (const [number, line] of codeLines(path)) {
        if (STATE_SENTENCE_PATTERNS.some((pattern) => pattern.test(line))) offenders.push(`${file}:${number}: ${line.trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
