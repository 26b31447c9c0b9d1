import { call, type Phrasing } from './parsed-command.js';

const RANGES = new Set(['1h', '6h', '24h']);

/**
 * `dashboard NAME [RANGE]`, `show me the NAME dashboard`, `NAME dashboard`. The name is passed as typed: the
 * tool matches it against the configured dashboards and lists them when it matches none.
 */
const dashboard: Phrasing = ({ words }) => {
  const cleaned = words.map((word) => word.replace(/[?!.,]+$/, '')).filter(Boolean);
  const at = cleaned.indexOf('dashboard');
  if (at < 0) return undefined;
  const range = cleaned.find((word) => RANGES.has(word));
  const after = cleaned[at + 1];
  if (at === 0 && after && !RANGES.has(after)) return call('dashboard', 'dashboard', { name: after, range });
  const before = cleaned[at - 1];
  if (at > 0 && before && !['the', 'a', 'my', 'show', 'me'].includes(before)) return call('dashboard', 'dashboard', { name: before, range });
  return undefined;
};

/** Dashboard phrasings, before status (which would read "checkout dashboard" as nothing it knows). */
export const dashboardPhrasings: readonly Phrasing[] = [dashboard];
