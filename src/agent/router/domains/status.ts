import { scanArguments, unknownWords } from '../argument-scan.js';
import type { Domain } from '../domain.js';
import { rangeCovering } from '../durations.js';
import { asksAboutAll, environmentOf, minutesIn, serviceOf, servicesIn } from '../intent-arguments.js';
import { ask, found, type IntentRule } from '../intent-rule.js';
import { CHANGE, METRICS, NOTIFY, RUNNING, STATUS, UNWATCH, WATCH, WATCHES, WHO_OR_WHY } from '../intent-vocabulary.js';
import { call, incomplete, type ParsedCommand, type Phrasing } from '../parsed-command.js';
import { mentions } from '../sentence.js';
import { metricNamed } from '../../../tools/metric-names.js';
import type { Token } from '../tokens.js';
import type { Vocabulary } from '../vocabulary.js';

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

const LOAD_WORDS = new Set(['load', 'busy', 'metrics', 'cpu', 'latency', 'p95', 'errors', 'traffic', 'throughput', 'rps', 'performance', 'performing', 'requests']);
// Words that ask for every figure; the others (cpu, latency, p95, errors, rps…) name one to chart.
const ALL_FIGURES = new Set(['load', 'busy', 'metrics', 'performance', 'performing']);

const RANGES = new Set(['15m', '1h', '6h', '24h']);

const RANGE_ALIASES: Record<string, string> = { hour: '1h', day: '24h', '60m': '1h', '1d': '24h' };

/** `status stalk` (the overall status), `status stalk frontend`, `status unstalk frontend`, `stalk frontend`, `status watches`. */
const watch: Phrasing = ({ tokens, words, vocabulary }) => {
  const offset = words[0] === 'status' ? 1 : 0;
  const action = WATCH_VERBS[words[offset] ?? ''];
  if (!action) return undefined;
  const scanned = scanArguments(tokens.slice(offset + 1), vocabulary);
  if (action === 'list') return call('status_watch', { action: 'list' });
  const args = { action, service: scanned.service };
  if (scanned.unknown.length) return incomplete('status_watch', args, unknownWords(scanned.unknown, vocabulary));
  // No service: the overall status, as `!status stalk` always meant.
  return call('status_watch', args);
};

/** `how's frontend load?`, `frontend load`, `status frontend load 6h`, `metrics for api in staging`. */
const metrics: Phrasing = ({ tokens, words, vocabulary, channelService }) => {
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
  const named = words.filter((word) => !ALL_FIGURES.has(word)).map(metricNamed).find(Boolean);
  const args = { service: scanned.service ?? channelService, environment: scanned.environment, range, metric: named };
  // "the load on my laptop" is not ours to answer: only claim the message when it names nothing unknown.
  if (scanned.unknown.length) return words[0] === 'status' || LOAD_WORDS.has(words[0] ?? '') ? incomplete('service_metrics', args, unknownWords(scanned.unknown, vocabulary)) : undefined;
  if (!args.service) return incomplete('service_metrics', args, `Which service? (${vocabulary.services.join(', ')})`);
  return call('service_metrics', args);
};

/** `chart SERVICE [METRIC] [RANGE]`: the service's chart, of one metric when named (`chart api p95 6h`, `chart frontend latency`). */
const chart: Phrasing = ({ tokens, words, vocabulary, channelService }) => {
  if (words[0] !== 'chart') return undefined;
  let range: string | undefined;
  let metric: string | undefined;
  const rest = tokens.slice(1).filter((token) => {
    const word = RANGE_ALIASES[token.word] ?? token.word;
    if (RANGES.has(word)) range = word;
    else if (!metric && metricNamed(token.word) && !scanArguments([token], vocabulary).service) metric = metricNamed(token.word);
    else return true;
    return false;
  });
  const scanned = scanArguments(rest, vocabulary);
  const args = { service: scanned.service ?? channelService, environment: scanned.environment, range, metric };
  if (scanned.unknown.length) return incomplete('service_metrics', args, unknownWords(scanned.unknown, vocabulary));
  if (!args.service) return incomplete('service_metrics', args, `Which service? (${vocabulary.services.join(', ')})`);
  return call('service_metrics', args);
};

/** `status` (every service), `status payments`, `check the auth service`, `status staging`, `how's frontend?`, `is auth up?`. */
const status: Phrasing = ({ tokens, words, vocabulary, channelService }) => {
  if (words[0] === 'check') return check(tokens.slice(1), vocabulary, channelService);
  const explicit = words[0] === 'status' || words[0] === 'health';
  const asking = ['how', "how's", 'hows', 'is', 'are'].includes(words[0] ?? '');
  if (!explicit && !asking) return undefined;
  const scanned = scanArguments(tokens.slice(1), vocabulary);
  const args = { service: scanned.service, environment: scanned.environment };
  if (asking && (!scanned.service || scanned.unknown.length)) return undefined;
  if (scanned.unknown.length) return incomplete('service_status', args, unknownWords(scanned.unknown, vocabulary));
  return call('service_status', args);
};

// `check SERVICE` names one service; in the service's own channel it may be left out.
function check(tokens: Token[], vocabulary: Vocabulary, channelService: string | undefined): ParsedCommand | undefined {
  const scanned = scanArguments(tokens, vocabulary);
  const args = { service: scanned.service ?? channelService, environment: scanned.environment };
  // "check the audit log" is not a status check: leave what names more than a service to the other rules.
  if (scanned.unknown.length) return undefined;
  if (!args.service) return incomplete('service_status', args, `Which service? (${vocabulary.services.join(', ')})`);
  return call('service_status', args);
}

/** `what's deployed in production?`, `what is running in staging`, `which version of frontend is live`: the status overview. */
const whatIsDeployed: Phrasing = ({ tokens, words, vocabulary }) => {
  const asks = ['what', "what's", 'whats', 'which'].includes(words[0] ?? '');
  const about = words.some((word) => ['deployed', 'running', 'live', 'versions'].includes(word)) || (words[0] === 'which' && words[1] === 'version');
  if (!asks || !about) return undefined;
  const scanned = scanArguments(tokens.slice(1), vocabulary, ['deployed', 'running', 'live', 'versions', 'which', 'where']);
  if (scanned.unknown.length) return undefined;
  return call('service_status', { service: scanned.service, environment: scanned.environment });
};

// Periods said in words rather than numbers ("over the last day", "今日の負荷").
const RANGE_WORDS: Record<string, string> = { hour: '1h', day: '24h', today: '24h', week: '24h', 今日: '24h', 本日: '24h' };

/** "let me know here if the payments status changes", "paymentsのステータスが変わったらここで知らせて", "stop watching auth"; no service: the overall status. */
const watchIntent: IntentRule = (sentence) => {
  const stop = mentions(sentence, UNWATCH);
  const start = !stop && (mentions(sentence, WATCH) || (mentions(sentence, NOTIFY) && mentions(sentence, CHANGE)));
  const service = servicesIn(sentence)[0];
  if (!stop && !start && mentions(sentence, WATCHES) && !service) return found('status_watch', { action: 'list' });
  if (!stop && !start) return undefined;
  return found('status_watch', { action: stop ? 'unstalk' : 'stalk', service });
};

/** "show me api cpu and latency in staging over the last 6 hours", "frontendの負荷はどう？". */
const metricsIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, METRICS)) return undefined;
  const minutes = minutesIn(sentence);
  const spoken = sentence.words.map((word) => RANGE_WORDS[word]).find(Boolean) ?? Object.entries(RANGE_WORDS).find(([word]) => sentence.text.includes(word))?.[1];
  const args = { service: serviceOf(sentence), environment: environmentOf(sentence).environment, range: minutes ? rangeCovering(minutes) : spoken };
  return args.service ? found('service_metrics', args) : ask('service_metrics', args, `Which service? (${sentence.vocabulary.services.join(', ')})`);
};

/** "is the api ok in staging?", "authは正常？", "本番環境で今動いているものを教えて": health needs a status word or a question about a name. */
const statusIntent: IntentRule = (sentence) => {
  const service = servicesIn(sentence)[0];
  const { environment } = environmentOf(sentence);
  // "who broke prod?" names production but asks for a culprit, not its health.
  const asksHealth = sentence.question && !mentions(sentence, WHO_OR_WHY);
  // "is everything ok?", "anything broken right now?": every service is as much a subject as one named.
  const subject = service || environment || asksAboutAll(sentence);
  if (!mentions(sentence, STATUS) && !(subject && (mentions(sentence, RUNNING) || asksHealth))) return undefined;
  return found('service_status', { service, environment });
};

/**
 * Status, load and watches (`service_status`, `service_metrics`, `status_watch`). Watches before load before
 * status, since "status stalk" and "status frontend load" start like a status; intents last of all, since
 * their words turn up in every other request.
 */
export const statusDomain: Domain = {
  name: 'status',
  forms: [
    { order: 61, rule: whatIsDeployed },
    { order: 69, rule: chart },
    { order: 70, rule: watch },
    { order: 71, rule: metrics },
    { order: 72, rule: status },
  ],
  intents: [
    { order: 140, rule: watchIntent },
    { order: 180, rule: metricsIntent },
    { order: 190, rule: statusIntent },
  ],
};
