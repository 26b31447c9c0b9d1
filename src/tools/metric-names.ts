import type { MetricName } from '../backends/ports/metrics.js';

/**
 * The words people use for each figure, as the answers say them ("p95 latency", "error rate"): `chart frontend
 * latency`, `opsbot chart api p95 6h`, `how's frontend cpu?`. `shown` are listed in help; `also` are understood.
 */
export const METRIC_WORDS: Readonly<Record<MetricName, { shown: readonly string[]; also: readonly string[] }>> = {
  latency_p95: { shown: ['latency', 'p95'], also: ['latency_p95'] },
  error_rate: { shown: ['errors'], also: ['error', 'error_rate', '5xx'] },
  cpu: { shown: ['cpu'], also: [] },
  requests: { shown: ['requests', 'load', 'rps'], also: ['traffic', 'throughput'] },
};

const METRIC_NAMES = Object.keys(METRIC_WORDS) as MetricName[];

/** The metric a word names (any case), or undefined. */
export function metricNamed(word: string): MetricName | undefined {
  const wanted = word.toLowerCase();
  return METRIC_NAMES.find((metric) => METRIC_WORDS[metric].shown.includes(wanted) || METRIC_WORDS[metric].also.includes(wanted));
}

/** "latency/p95, errors, cpu, requests/load/rps": the words, for help and usage errors. */
export function metricWordsList(): string {
  return METRIC_NAMES.map((metric) => METRIC_WORDS[metric].shown.join('/')).join(', ');
}
