import { dataStart } from './chart-series.js';
import { clock } from './chart-texts.js';
import type { ChartPanel, ChartSpec } from './chart-spec.js';

/** The chart in words, for screen readers and for anyone whose client shows no image: figures, deploys, alerts. */
export function chartAltText(spec: ChartSpec): string {
  const sentences = [`${spec.title}, ${clock(spec.from)} to ${clock(spec.to)} UTC.`];
  for (const panel of spec.panels) sentences.push(panelSentence(panel, spec.from, spec.to));
  const markers = uniqueBy(spec.panels.flatMap((panel) => panel.markers), (marker) => `${marker.kind}${marker.version}${marker.at}`);
  for (const marker of markers) sentences.push(`${marker.kind === 'rollback' ? 'Rollback' : 'Deploy'} of ${marker.version} by ${marker.by} at ${clock(marker.at)}${marker.failed ? ' (failed)' : ''}.`);
  const bands = uniqueBy(spec.panels.flatMap((panel) => panel.bands), (band) => `${band.label}${band.from}`);
  for (const band of bands) sentences.push(`Alert ${band.label} firing from ${clock(band.from)} to ${clock(band.to)}.`);
  return sentences.join(' ');
}

// Lines are named by their full labels here: the legend may shorten them to fit, the words never do.
function panelSentence(panel: ChartPanel, from: number, to: number): string {
  if (panel.note && panel.lines.every((line) => line.points.length === 0)) return `${panel.title}: ${panel.note}.`;
  const lines = panel.lines.map((line) => {
    const values = line.points.map(([, value]) => value);
    if (values.length === 0) return `${line.label} no data`;
    const unit = panel.unit ? ` ${panel.unit}` : '';
    return `${line.label} now ${figure(values.at(-1)!)}${unit} (low ${figure(Math.min(...values))}, high ${figure(Math.max(...values))})`;
  });
  const started = dataStart(panel, from, to);
  return `${panel.title}${started === null ? '' : ` (data since ${clock(started)})`}: ${lines.join('; ')}.`;
}

function figure(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
