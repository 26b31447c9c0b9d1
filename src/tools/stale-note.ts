import type { StaleMark } from '../backends/cached-oncall.js';

/**
 * "(from cache, 12 min old; the source said: …)" when any of the values came from the on-call cache, else ''.
 * A cached roster is never shown as current (DESIGN §8).
 */
export function staleNote(values: unknown[], now: Date): string {
  const marks = values.flatMap((value) => (value && typeof value === 'object' && 'stale' in value && value.stale ? [value.stale as StaleMark] : []));
  if (marks.length === 0) return '';
  const oldest = marks.reduce((left, right) => (left.cachedAt <= right.cachedAt ? left : right));
  return ` (from cache, ${ageOf(oldest.cachedAt, now)} old — on-call source unavailable: ${oldest.reason})`;
}

function ageOf(cachedAt: string, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(cachedAt)) / 60_000));
  if (minutes < 1) return 'under a minute';
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}
