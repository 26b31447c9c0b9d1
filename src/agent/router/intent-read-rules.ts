import { rangeCovering } from './durations.js';
import { alertNameIn, clip, environmentOf, minutesIn, servicesIn } from './intent-arguments.js';
import { ask, found, type IntentRule } from './intent-rule.js';
import { ALERTS, CHANGE, DEPLOY, DEPLOYS, HISTORY, METRICS, NOTIFY, RUNBOOK, RUNNING, SILENCED, STATUS, UNWATCH, WATCH, WATCHES, WHO_OR_WHY } from './intent-vocabulary.js';
import { mentions, phraseIndex } from './sentence.js';
import { joinText } from './tokens.js';

// Periods said in words rather than numbers ("over the last day", "今日の負荷").
const RANGE_WORDS: Record<string, string> = { hour: '1h', day: '24h', today: '24h', week: '24h', 今日: '24h', 本日: '24h' };
// Words between "runbook" and what it is for ("runbook for the …", "playbook to handle …").
const QUERY_LEAD_INS = new Set(['for', 'on', 'about', 'the', 'a', 'an', 'to', 'handle', 'fix']);

/** "what's the runbook for HighErrorRate?", "HighErrorRateのランブックを見せて". */
export const runbookIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, RUNBOOK)) return undefined;
  const at = sentence.words.findIndex((word) => RUNBOOK.includes(word));
  let after = at === -1 ? [] : sentence.tokens.slice(at + 1);
  while (after.length && QUERY_LEAD_INS.has(after[0]!.word)) after = after.slice(1);
  const query = alertNameIn(sentence) ?? servicesIn(sentence)[0] ?? (joinText(after).replace(/[?!.]+$/, '') || undefined);
  if (!query) return ask('runbook', {}, 'Runbook for which alert or service? e.g. runbook HighErrorRate.');
  return found('runbook', { query: clip(query, 100) });
};

/** "what changed in payments recently? any deploys?", "paymentsの最近のデプロイ履歴は？", "when was auth last deployed?". */
export const historyIntent: IntentRule = (sentence) => {
  const aboutDeploys = mentions(sentence, DEPLOYS) || (sentence.question && mentions(sentence, DEPLOY));
  const whatChanged = phraseIndex(sentence, 'what changed') !== -1 || phraseIndex(sentence, "what's changed") !== -1;
  if (!whatChanged && !(aboutDeploys && (sentence.question || mentions(sentence, HISTORY)))) return undefined;
  const service = servicesIn(sentence)[0];
  const args = { service, environment: environmentOf(sentence).environment };
  return service ? found('deploy_history', args) : ask('deploy_history', args, `Which service? (${sentence.vocabulary.services.join(', ')})`);
};

/** "let me know here if the payments status changes", "paymentsのステータスが変わったらここで知らせて", "stop watching auth". */
export const watchIntent: IntentRule = (sentence) => {
  const stop = mentions(sentence, UNWATCH);
  const start = !stop && (mentions(sentence, WATCH) || (mentions(sentence, NOTIFY) && mentions(sentence, CHANGE)));
  const service = servicesIn(sentence)[0];
  if (!stop && !start && mentions(sentence, WATCHES) && !service) return found('status_watch', { action: 'list' });
  if (!stop && !start) return undefined;
  const args = { action: stop ? 'unstalk' : 'stalk', service };
  return service ? found('status_watch', args) : ask('status_watch', args, `Which service? (${sentence.vocabulary.services.join(', ')})`);
};

/** "any alerts firing for frontend?", "frontendで発火中のアラートはある？". */
export const alertsIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, ALERTS)) return undefined;
  return found('alerts_list', { service: servicesIn(sentence)[0], environment: environmentOf(sentence).environment, include_silenced: mentions(sentence, SILENCED) || undefined });
};

/** "show me api cpu and latency in staging over the last 6 hours", "frontendの負荷はどう？". */
export const metricsIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, METRICS)) return undefined;
  const minutes = minutesIn(sentence);
  const spoken = sentence.words.map((word) => RANGE_WORDS[word]).find(Boolean) ?? Object.entries(RANGE_WORDS).find(([word]) => sentence.text.includes(word))?.[1];
  const args = { service: servicesIn(sentence)[0], environment: environmentOf(sentence).environment, range: minutes ? rangeCovering(minutes) : spoken };
  return args.service ? found('service_metrics', args) : ask('service_metrics', args, `Which service? (${sentence.vocabulary.services.join(', ')})`);
};

/** "is the api ok in staging?", "authは正常？", "本番環境で今動いているものを教えて": health needs a status word or a question about a name. */
export const statusIntent: IntentRule = (sentence) => {
  const service = servicesIn(sentence)[0];
  const { environment } = environmentOf(sentence);
  // "who broke prod?" names production but asks for a culprit, not its health.
  const asksHealth = sentence.question && !mentions(sentence, WHO_OR_WHY);
  if (!mentions(sentence, STATUS) && !((service || environment) && (mentions(sentence, RUNNING) || asksHealth))) return undefined;
  return found('service_status', { service, environment });
};
