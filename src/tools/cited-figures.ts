// A figure is a run of digits, with a decimal part or a time's colons: 42, 12.5, 10:04 (a date 2026-12-01 is 2026, 12, 01).
const FIGURE = /\d+(?:[.:]\d+)*/g;

/**
 * The figures `text` cites that `data` does not contain: the check that a model's narrative invents nothing. A cited
 * figure must appear whole in the data ("37.5" is not present because "37" is); a time in the data also allows its
 * hours and minutes ("10:04:11" allows "10:04"). Leading zeros and trailing decimal zeros do not count.
 */
export function uncitedFigures(text: string, data: string): string[] {
  const known = new Set((data.match(FIGURE) ?? []).flatMap(allowedBy));
  return [...new Set((text.match(FIGURE) ?? []).filter((figure) => !known.has(normal(figure))))];
}

function allowedBy(figure: string): string[] {
  if (!figure.includes(':')) return [normal(figure)];
  const parts = figure.split(':');
  return [figure, ...parts, ...parts.slice(1).map((_, index) => parts.slice(0, index + 2).join(':'))].map(normal);
}

function normal(value: string): string {
  const trimmed = value.replace(/^0+(?=\d)/, '');
  return trimmed.includes('.') ? trimmed.replace(/0+$/, '').replace(/\.$/, '') : trimmed;
}
