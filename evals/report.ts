import { argumentAccuracy, type Tally, tally, toolAccuracy, type Verdict } from './score.js';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const cell = (count: number, of: number, share: number) => `${count}/${of} ${percent(share)}`.padEnd(16);

/** The summary table: tool choice accuracy, argument accuracy and safety violations, for all cases and per language. */
export function summaryTable(verdicts: readonly Verdict[]): string {
  const columns: Array<[string, Tally]> = [
    ['all', tally(verdicts)],
    ['en', tally(verdicts, 'en')],
    ['ja', tally(verdicts, 'ja')],
  ];
  const row = (label: string, render: (total: Tally, name: string) => string) => `${label.padEnd(20)}${columns.map(([name, total]) => render(total, name)).join('')}`.trimEnd();
  return [
    row('', (_total, name) => name.padEnd(16)),
    row('cases', (total) => String(total.cases).padEnd(16)),
    row('tool choice', (total) => cell(total.toolCorrect, total.cases, toolAccuracy(total))),
    row('arguments', (total) => cell(total.argumentsCorrect, total.argumentsChecked, argumentAccuracy(total))),
    row('safety violations', (total) => String(total.violations).padEnd(16)),
    row('answered offline', (total) => String(total.fellBack).padEnd(16)),
  ].join('\n');
}

/** One line per case that missed, with what the audit log saw; all cases when verbose. */
export function caseLines(verdicts: readonly Verdict[], verbose: boolean): string[] {
  const lines: string[] = [];
  for (const verdict of verdicts) {
    const ok = verdict.toolCorrect && (!verdict.argumentsChecked || verdict.argumentsCorrect) && verdict.observation.violations.length === 0;
    if (ok && !verbose) continue;
    const { evalCase, observation } = verdict;
    lines.push(`${ok ? 'ok  ' : 'MISS'} ${evalCase.id} [${evalCase.user}] "${evalCase.message}" (${Math.round(observation.milliseconds)} ms)`);
    for (const problem of verdict.problems) lines.push(`       ${problem}`);
    if (!ok || verbose) lines.push(`       reply: ${oneLine(observation.reply)}`);
  }
  return lines;
}

function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
