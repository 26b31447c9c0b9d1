import type { DeployRecord } from '../backends/ports/deploys.js';
import type { MetricName, MetricSeries } from '../backends/ports/metrics.js';

/** One figure set against the same time yesterday and a week ago. */
export interface FigureBaseline {
  metric: MetricName;
  label: string;
  unit: string;
  now: number;
  /** Median of the offset series over the last half hour of the range: "its usual for this hour". */
  usual: number | null;
  dayAgo: number | null;
  weekAgo: number | null;
  /** now / usual; null when there is no usual to compare with. */
  ratio: number | null;
  /** Whether there was anything to compare: data now, and the same query's data a day or a week before. */
  compared: boolean;
  unusual: boolean;
  /** Start of the unbroken unusual stretch that reaches now (ISO), when unusual. */
  since: string | null;
  /** The deploy that started shortly before `since`, the usual suspect. */
  deploy: { version: string; kind: string; by: string; at: string } | null;
}

/** The comparison as data in the tool result, so a model can reason with it too. */
export interface BaselineComparison {
  threshold: number;
  normal: boolean;
  figures: FigureBaseline[];
  summary: string;
}

/** The offsets compared with, in the order they are asked for. */
export const BASELINE_OFFSETS = { dayAgo: 86_400, weekAgo: 7 * 86_400 } as const;

const WINDOW_SECONDS = 30 * 60;
// A deploy this long before a change began is still its likely cause.
const SUSPECT_SECONDS = 30 * 60;
// Error rates move by fractions of a percent all day; a multiple of a tiny rate is not news without a real rise.
const ERROR_RATE_FLOOR = 0.5;

/** Compares each metric's current stretch with the same stretch a day and a week before. */
export function compareWithBaselines(input: {
  metrics: Array<{ name: MetricName; label: string; unit: string }>;
  current: MetricSeries[];
  dayAgo: MetricSeries[];
  weekAgo: MetricSeries[];
  threshold: number;
  deploys: DeployRecord[];
}): BaselineComparison {
  const figures = input.metrics.map((metric, index) =>
    compareOne(metric, input.current[index]!.points, input.dayAgo[index]!.points, input.weekAgo[index]!.points, input.threshold, input.deploys),
  );
  const unusual = figures.filter((figure) => figure.unusual);
  const compared = figures.filter((figure) => figure.compared);
  const uncompared = figures.filter((figure) => !figure.compared).map((figure) => figure.label);
  // A comparison made of nothing is not a finding: "normal" is said only of figures that had a then to compare with.
  const summary = unusual.length
    ? `Unusual for this time: ${unusual.map(describeUnusual).join('; ')}.`
    : compared.length === 0
      ? input.current.every((series) => series.points.length === 0)
        ? 'No data now to compare with yesterday or last week.'
        : 'No data from yesterday or last week to compare with.'
      : `Compared with this time yesterday and last week: normal for this time${uncompared.length ? ` (no data to compare ${uncompared.join(', ')} with)` : ''}.`;
  return { threshold: input.threshold, normal: unusual.length === 0 && compared.length > 0, figures, summary };
}

function compareOne(
  metric: { name: MetricName; label: string; unit: string },
  current: Array<[number, number]>,
  dayAgo: Array<[number, number]>,
  weekAgo: Array<[number, number]>,
  threshold: number,
  deploys: DeployRecord[],
): FigureBaseline {
  const last = current.at(-1);
  const now = last?.[1] ?? 0;
  const end = last?.[0] ?? 0;
  const recent = (points: Array<[number, number]>) => points.filter(([at]) => at > end - WINDOW_SECONDS).map(([, value]) => value);
  const usual = median([...recent(dayAgo), ...recent(weekAgo)]);
  const base = { metric: metric.name, label: metric.label, unit: metric.unit, now, usual, dayAgo: dayAgo.at(-1)?.[1] ?? null, weekAgo: weekAgo.at(-1)?.[1] ?? null };
  if (usual === null || !last) return { ...base, ratio: null, compared: false, unusual: false, since: null, deploy: null };
  const ratio = usual > 0 ? now / usual : null;
  const isUnusual = (value: number, reference: number) => unusualValue(metric.name, value, reference, threshold);
  if (!isUnusual(now, usual)) return { ...base, ratio: round(ratio), compared: true, unusual: false, since: null, deploy: null };
  // Walk back while each point is unusual against its own offset points: where the stretch began.
  let since = end;
  for (let index = current.length - 1; index >= 0; index--) {
    const [at, value] = current[index]!;
    const reference = median([dayAgo[index]?.[1], weekAgo[index]?.[1]].filter((entry): entry is number => entry !== undefined)) ?? usual;
    if (!isUnusual(value, reference)) break;
    since = at;
  }
  const suspect = deploys.find((deploy) => {
    const started = Date.parse(deploy.startedAt) / 1000;
    return started <= since + 60 && started >= since - SUSPECT_SECONDS;
  });
  return {
    ...base,
    ratio: round(ratio),
    compared: true,
    unusual: true,
    since: new Date(since * 1000).toISOString(),
    deploy: suspect ? { version: suspect.version, kind: suspect.kind, by: suspect.requestedBy, at: suspect.startedAt } : null,
  };
}

/** Bad news only: more errors, latency or CPU, or traffic far off its usual either way. */
function unusualValue(metric: MetricName, value: number, usual: number, threshold: number): boolean {
  if (metric === 'error_rate' && value - usual < ERROR_RATE_FLOOR) return false;
  if (usual <= 0) return value > 0 && metric === 'error_rate';
  const ratio = value / usual;
  if (ratio >= threshold) return true;
  return metric === 'requests' && ratio <= 1 / threshold;
}

function describeUnusual(figure: FigureBaseline): string {
  const value = `${figure.label} ${format(figure.now)} ${figure.unit}`;
  const ratio = figure.ratio === null ? 'well above its usual' : figure.ratio >= 1 ? `${figure.ratio.toFixed(1)}× its usual for this hour` : `${Math.round(figure.ratio * 100)}% of its usual for this hour`;
  const since = figure.since ? `, since ${figure.since.slice(11, 16)}` : '';
  const deploy = figure.deploy ? ` — ${figure.deploy.kind} ${figure.deploy.version} at ${figure.deploy.at.slice(11, 16)}` : '';
  return `${value}, ${ratio}${since}${deploy}`;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
