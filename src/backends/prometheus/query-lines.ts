/**
 * Names for the series of a raw query's answer, as a chart legend shows them: only the labels that tell one series
 * from the others (`code=200`, `code=500`), since the labels they share say nothing about which line is which.
 */
export function lineLabels(series: Array<Record<string, string>>, expression: string): string[] {
  const keys = [...new Set(series.flatMap((labels) => Object.keys(labels)))].sort(byName);
  const telling = keys.filter((key) => new Set(series.map((labels) => labels[key] ?? '')).size > 1);
  return series.map((labels) => {
    const shown = telling.length ? telling : keys;
    const present = shown.filter((key) => labels[key] !== undefined);
    // A lone series without labels (`sum(...)`) is best named by what was asked.
    if (present.length === 0) return expression;
    if (telling.length) return present.map((key) => (key === '__name__' ? labels[key]! : `${key}=${labels[key]!}`)).join(', ');
    const name = labels.__name__ ?? '';
    const matchers = present.filter((key) => key !== '__name__').map((key) => `${key}="${labels[key]!}"`);
    return matchers.length ? `${name}{${matchers.join(',')}}` : name;
  });
}

// The metric name first, as PromQL writes it; the rest alphabetically so labels read the same on every line.
function byName(left: string, right: string): number {
  if (left === '__name__') return -1;
  if (right === '__name__') return 1;
  return left < right ? -1 : left > right ? 1 : 0;
}
