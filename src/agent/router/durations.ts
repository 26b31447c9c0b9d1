/** A duration found in free text: its length in minutes and where it was written, so callers can cut it out. */
export interface FoundDuration {
  minutes: number;
  index: number;
  length: number;
}

const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440, w: 10080, 分: 1, 時: 60, 日: 1440, 週: 10080 };

// "30m", "2h" (no space), "2 hours", "90 mins", "1.5 hours", "2時間", "30分", "3日間", "1時間半"; then the spelled-out
// "an hour", "half an hour" and "a day", which people write when silencing something "for an hour".
const PATTERNS: ReadonlyArray<[RegExp, (match: RegExpExecArray) => number]> = [
  [/(\d+(?:\.\d+)?)\s*(時間半|時間|分間?|日間?|週間?)/, (match) => Number(match[1]) * UNIT_MINUTES[match[2]![0]!]! + (match[2] === '時間半' ? 30 : 0)],
  [/\b(\d+(?:\.\d+)?)\s*(minutes?|mins?|hours?|hrs?|days?|weeks?)\b/i, (match) => Number(match[1]) * UNIT_MINUTES[match[2]![0]!.toLowerCase()]!],
  [/\b(\d+)(m|h|d|w)\b/i, (match) => Number(match[1]) * UNIT_MINUTES[match[2]!.toLowerCase()]!],
  [/\bhalf an hour\b/i, () => 30],
  [/\b(?:an|one) hour\b/i, () => 60],
  [/\b(?:a|one) day\b/i, () => 1440],
];

/** The first duration written anywhere in `text` (English or Japanese), or undefined. */
export function durationIn(text: string): FoundDuration | undefined {
  let best: FoundDuration | undefined;
  for (const [pattern, minutesOf] of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const found = { minutes: Math.round(minutesOf(match)), index: match.index, length: match[0].length };
    if (!best || found.index < best.index) best = found;
  }
  return best;
}

const RANGES: ReadonlyArray<[string, number]> = [
  ['15m', 15],
  ['1h', 60],
  ['6h', 360],
  ['24h', 1440],
];

/** The smallest metrics range that covers `minutes` ("the last 2 hours" shows 6h), capped at the longest. */
export function rangeCovering(minutes: number): string {
  return RANGES.find(([, length]) => length >= minutes)?.[0] ?? '24h';
}
