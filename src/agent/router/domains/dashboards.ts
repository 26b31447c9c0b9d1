import type { Domain } from '../domain.js';
import { found, type IntentRule } from '../intent-rule.js';
import { DASHBOARD } from '../intent-vocabulary.js';
import { call, type Phrasing } from '../parsed-command.js';
import { isJapanese, mentions } from '../sentence.js';

const RANGES = new Set(['1h', '6h', '24h']);

// Words before "dashboard" that are not its name ("show me the dashboard").
const NOT_NAMES = new Set(['the', 'a', 'my', 'our', 'show', 'me', 'open']);

/**
 * `dashboard NAME [SERVICE] [RANGE]`, `show me the NAME dashboard`, `NAME dashboard`, a pasted dashboard link, and
 * `dashboards` / `dashboards list` / `list dashboards`. The name is passed as typed (a link keeps its case): the
 * tool finds it by title or uid and lists the dashboards when it matches none.
 */
const dashboard: Phrasing = ({ tokens, words, vocabulary }) => {
  const cleaned = words.map((word) => word.replace(/[?!.,]+$/, '')).filter(Boolean);
  if (cleaned[0] === 'dashboards' || (cleaned[0] === 'list' && cleaned[1] === 'dashboards')) return cleaned.length <= 2 ? call('dashboard', {}) : undefined;
  const at = cleaned.indexOf('dashboard');
  if (at < 0) return undefined;
  const range = cleaned.find((word) => RANGES.has(word));
  const service = cleaned.find((word, index) => index > at + 1 && vocabulary.services.includes(word));
  const after = cleaned[at + 1];
  if (at === 0 && after && !RANGES.has(after)) return call('dashboard', { name: /^<?https?:\/\//.test(after) ? tokens[1]!.text : after, service, range });
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
