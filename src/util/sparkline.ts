const BARS = '▁▂▃▄▅▆▇█';

/** A compact text chart of a series, e.g. `▂▃▅▇▆▄`, scaled between its own min and max. */
export function sparkline(values: number[]): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  return values.map((value) => BARS[span === 0 ? 3 : Math.round(((value - min) / span) * (BARS.length - 1))]).join('');
}
