import { COLORS } from './chart-colors.js';
import type { ChartLine, ChartPanel } from './chart-spec.js';

/** Lines a panel draws at most; the rest are summarised ("+7 more"). One colour each, none repeated. */
export const MAX_DRAWN_LINES = COLORS.lines.length;

/** A line as drawn: its colour and the short name its legend entry shows. */
export interface DrawnLine extends ChartLine {
  color: string;
  /** The label without what every line shares (`job=api` rather than `env=prod, job=api`). */
  shortLabel: string;
}

/**
 * The lines a panel draws: all of them up to MAX_DRAWN_LINES, else the ones reaching highest (what a reader looks
 * for first), in their given order so a line keeps its colour between answers; `hidden` counts those left out.
 */
export function drawnLines(panel: Pick<ChartPanel, 'lines'>): { lines: DrawnLine[]; hidden: number } {
  const short = distinctLabels(panel.lines.map((line) => line.label));
  let kept = panel.lines.map((line, index) => ({ line, index }));
  if (kept.length > MAX_DRAWN_LINES) {
    const peak = (line: ChartLine) => Math.max(-Infinity, ...line.points.map(([, value]) => value));
    const chosen = new Set([...kept].sort((left, right) => peak(right.line) - peak(left.line)).slice(0, MAX_DRAWN_LINES).map((entry) => entry.index));
    kept = kept.filter((entry) => chosen.has(entry.index));
  }
  return {
    lines: kept.map(({ line, index }, position) => ({ ...line, color: COLORS.lines[position % COLORS.lines.length]!, shortLabel: short[index]! })),
    hidden: panel.lines.length - kept.length,
  };
}

/**
 * Labels shortened to what tells them apart: in label sets written `key=value, key=value`, the pairs every line
 * shares are dropped, and where every line has the same several keys left only the values are shown. Other labels stay as they are.
 */
export function distinctLabels(labels: string[]): string[] {
  const parsed = labels.map((label) => label.split(/,\s*/).map((pair) => pair.trim()));
  const isLabelSet = labels.length > 1 && parsed.every((pairs) => pairs.every((pair) => /^[A-Za-z_][\w.]*=\S/.test(pair)));
  if (!isLabelSet) return labels;
  const shared = new Set(parsed[0]!.filter((pair) => parsed.every((pairs) => pairs.includes(pair))));
  const telling = parsed.map((pairs) => pairs.filter((pair) => !shared.has(pair)));
  const keysOf = (pairs: string[]) => pairs.map((pair) => pair.slice(0, pair.indexOf('='))).join(',');
  // Where every line has the same several keys, the values alone tell them apart (the keys are in the alt text);
  // one key stays as `code=200`, short enough and clearer than a bare 200.
  const sameKeys = new Set(telling.map(keysOf)).size === 1 && telling[0]!.length > 1;
  return telling.map((pairs, index) => {
    if (pairs.length === 0) return labels[index]!;
    return sameKeys ? pairs.map((pair) => pair.slice(pair.indexOf('=') + 1)).join(', ') : pairs.join(', ');
  });
}

/**
 * When the panel's data starts well after the range does (a service that began reporting minutes ago), the time
 * of its first point; null when the data covers the range. "Well after": more than a twentieth of the range,
 * and more than two steps, so an ordinary first sample a step late does not count.
 */
export function dataStart(panel: Pick<ChartPanel, 'lines'>, from: number, to: number): number | null {
  const times = panel.lines.flatMap((line) => line.points.map(([at]) => at)).filter((at) => at >= from && at <= to);
  if (times.length === 0) return null;
  const first = Math.min(...times);
  const sorted = [...new Set(times)].sort((left, right) => left - right);
  const step = sorted.length > 1 ? sorted[1]! - sorted[0]! : 0;
  return first - from > Math.max((to - from) / 20, 2 * step) ? first : null;
}
