import type { Domain } from '../domain.js';
import { found, type IntentRule } from '../intent-rule.js';
import { DASHBOARD } from '../intent-vocabulary.js';
import { call, type Phrasing } from '../parsed-command.js';
import { isJapanese, mentions } from '../sentence.js';

const RANGES = new Set(['1h', '6h', '24h']);

// Words before "dashboard" that are not its name ("show me the dashboard").
const NOT_NAMES = new Set(['the', 'a', 'my', 'our', 'show', 'me', 'open']);

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
  if (at === 0 && after && !RANGES.has(after)) return call('dashboard', { name: after, range });
  const before = cleaned[at - 1];
  if (at > 0 && before && !NOT_NAMES.has(before)) return call('dashboard', { name: before, range });
  return undefined;
};

/** "cpu-usage のダッシュボードを見せて", "checkoutのダッシュボード 6h": the name written before ダッシュボード. */
const dashboardIntent: IntentRule = (sentence) => {
  if (!isJapanese(sentence.text) || !mentions(sentence, DASHBOARD)) return undefined;
  const name = /([A-Za-z0-9][\w.-]*)\s*(?:の)?\s*ダッシュボード/u.exec(sentence.text)?.[1];
  const range = /(?:^|[^\w])(1h|6h|24h)(?![\w])/.exec(sentence.text)?.[1];
  return name ? found('dashboard', { name, range }) : undefined;
};

/** Configured dashboards as one chart; early, since status would read "checkout dashboard" as nothing it knows. */
export const dashboardsDomain: Domain = {
  name: 'dashboards',
  forms: [{ order: 5, rule: dashboard }],
  intents: [{ order: 5, rule: dashboardIntent }],
};
