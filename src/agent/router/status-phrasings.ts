import { scanArguments, unknownWords } from './argument-scan.js';
import { call, incomplete, type Phrasing } from './parsed-command.js';

const WATCH_VERBS: Record<string, 'stalk' | 'unstalk' | 'list'> = {
  stalk: 'stalk',
  watch: 'stalk',
  follow: 'stalk',
  unstalk: 'unstalk',
  unwatch: 'unstalk',
  unfollow: 'unstalk',
  watches: 'list',
  watching: 'list',
  stalking: 'list',
};
const LOAD_WORDS = new Set(['load', 'metrics', 'cpu', 'latency', 'traffic', 'throughput', 'rps', 'performance', 'performing', 'requests']);
const RANGES = new Set(['15m', '1h', '6h', '24h']);
const RANGE_ALIASES: Record<string, string> = { hour: '1h', day: '24h', '60m': '1h', '1d': '24h' };

/** `status stalk frontend`, `status unstalk frontend`, `stalk frontend`, `status watches`. */
const watch: Phrasing = ({ tokens, words, vocabulary }) => {
  const offset = words[0] === 'status' ? 1 : 0;
  const action = WATCH_VERBS[words[offset] ?? ''];
  if (!action) return undefined;
  const scanned = scanArguments(tokens.slice(offset + 1), vocabulary);
  if (action === 'list') return call('status', 'status_watch', { action: 'list' });
  const args = { action, service: scanned.service };
  if (scanned.unknown.length) return incomplete('status', 'status_watch', args, unknownWords(scanned.unknown, vocabulary));
  if (!scanned.service) return incomplete('status', 'status_watch', args, `Which service? (${vocabulary.services.join(', ')})`);
  return call('status', 'status_watch', args);
};

/** `how's frontend load?`, `frontend load`, `status frontend load 6h`, `metrics for api in staging`. */
const metrics: Phrasing = ({ tokens, words, vocabulary }) => {
  if (!words.some((word) => LOAD_WORDS.has(word))) return undefined;
  let range: string | undefined;
  const rest = tokens.filter((token) => {
    const word = RANGE_ALIASES[token.word] ?? token.word;
    if (RANGES.has(word)) {
      range = word;
      return false;
    }
    return !LOAD_WORDS.has(token.word) && token.word !== 'status' && token.word !== 'last' && token.word !== 'over';
  });
  const scanned = scanArguments(rest, vocabulary);
  const args = { service: scanned.service, environment: scanned.environment, range };
  // "the load on my laptop" is not ours to answer: only claim the message when it names nothing unknown.
  if (scanned.unknown.length) return words[0] === 'status' || LOAD_WORDS.has(words[0] ?? '') ? incomplete('status', 'service_metrics', args, unknownWords(scanned.unknown, vocabulary)) : undefined;
  if (!scanned.service) return incomplete('status', 'service_metrics', args, `Which service? (${vocabulary.services.join(', ')})`);
  return call('status', 'service_metrics', args);
};

/** `status`, `status payments`, `status staging`, `how's frontend?`, `is auth up?`. */
const status: Phrasing = ({ tokens, words, vocabulary }) => {
  const explicit = words[0] === 'status' || words[0] === 'health';
  const asking = ['how', "how's", 'hows', 'is', 'are'].includes(words[0] ?? '');
  if (!explicit && !asking) return undefined;
  const scanned = scanArguments(tokens.slice(1), vocabulary);
  const args = { service: scanned.service, environment: scanned.environment };
  if (asking && (!scanned.service || scanned.unknown.length)) return undefined;
  if (scanned.unknown.length) return incomplete('status', 'service_status', args, unknownWords(scanned.unknown, vocabulary));
  return call('status', 'service_status', args);
};

/** Status, load and watches; load before status since "status frontend load" names both. */
export const statusPhrasings: readonly Phrasing[] = [watch, metrics, status];
