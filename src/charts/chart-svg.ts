import { COLORS } from './chart-colors.js';
import { type ChartLayout, layoutOf, type PanelBox, xOf } from './chart-layout.js';
import { CHART_FONT_FAMILY } from './chart-font.js';
import { dataStart, drawnLines } from './chart-series.js';
import type { ChartPanel, ChartSpec } from './chart-spec.js';
import { type PlacedText, placeTexts, textBox, valueTop } from './chart-texts.js';

/**
 * Draws a chart as SVG by hand. A chart here is a few polylines, rules, bands and labels; writing that directly
 * keeps the install to one prebuilt rasteriser (@resvg/resvg-js) instead of vega's or chart.js's dependency trees,
 * renders in a few milliseconds, and puts every pixel where a test can predict it (layoutOf, xOf, placeTexts).
 */

export { COLORS } from './chart-colors.js';
export { clock } from './chart-texts.js';

/** The SVG document of a chart, the layout it used and the texts it placed. */
export function chartSvg(spec: ChartSpec): { svg: string; layout: ChartLayout; texts: PlacedText[] } {
  const layout = layoutOf(spec);
  const texts = placeTexts(spec, layout);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="${CHART_FONT_FAMILY}">`,
    `<rect width="100%" height="100%" fill="${COLORS.background}"/>`,
  ];
  spec.panels.forEach((panel, index) => parts.push(panelSvg(panel, layout.panels[index]!, spec.from, spec.to)));
  // Text last, over the lines it labels.
  parts.push(...texts.map(textSvg), '</svg>');
  return { svg: parts.join(''), layout, texts };
}

function panelSvg(panel: ChartPanel, box: PanelBox, from: number, to: number): string {
  const { plot } = box;
  const parts: string[] = [];
  const x = (at: number) => clamp(xOf(box, from, to, at), plot.left, plot.left + plot.width);
  // The part of the range without data is shaded, so a short series reads as "not yet", not as a flat zero.
  const started = dataStart(panel, from, to);
  if (started !== null) parts.push(`<rect x="${plot.left}" y="${plot.top}" width="${fixed(x(started) - plot.left)}" height="${plot.height}" fill="${COLORS.noData}"/>`);
  for (const band of panel.bands) {
    const left = x(band.from);
    const right = x(band.to);
    if (right <= plot.left || left >= plot.left + plot.width) continue;
    parts.push(`<rect x="${fixed(left)}" y="${plot.top}" width="${fixed(Math.max(1, right - left))}" height="${plot.height}" fill="${COLORS.band}" fill-opacity="0.14"/>`);
  }
  const top = valueTop(panel);
  const y = (value: number) => plot.top + plot.height - (Math.max(0, value) / top) * plot.height;
  for (let tick = 0; tick <= 4; tick++) {
    const at = fixed(y((top * tick) / 4));
    parts.push(`<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${at}" y2="${at}" stroke="${COLORS.grid}" stroke-width="1"/>`);
  }
  parts.push(`<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${plot.top + plot.height}" y2="${plot.top + plot.height}" stroke="${COLORS.muted}" stroke-width="1"/>`);
  const { lines } = drawnLines(panel);
  for (const line of lines) {
    const inRange = line.points.filter(([at]) => at >= from && at <= to);
    if (inRange.length) parts.push(`<polyline fill="none" stroke="${line.color}" stroke-width="2" stroke-linejoin="round" points="${inRange.map(([at, value]) => `${fixed(x(at))},${fixed(y(value))}`).join(' ')}"/>`);
  }
  for (const marker of panel.markers.filter((entry) => entry.at >= from && entry.at <= to)) {
    const color = marker.kind === 'rollback' ? COLORS.rollback : COLORS.deploy;
    // Whole-pixel column plus a half, so a 2-px rule fills exactly the column its time maps to and the next.
    const column = Math.round(xOf(box, from, to, marker.at)) + 0.5;
    parts.push(`<line x1="${column}" x2="${column}" y1="${plot.top}" y2="${plot.top + plot.height}" stroke="${color}" stroke-width="2"${marker.failed ? ' stroke-dasharray="5 3"' : ''}/>`);
  }
  return parts.join('');
}

const INSIDE_PLOT = new Set<PlacedText['kind']>(['marker', 'band', 'note']);

function textSvg(text: PlacedText): string {
  // A legend entry's swatch: a short stroke of its line's colour just left of the words.
  const swatch = text.swatch ? `<line x1="${fixed(text.x - 14)}" x2="${fixed(text.x - 4)}" y1="${fixed(text.y - 3)}" y2="${fixed(text.y - 3)}" stroke="${text.swatch}" stroke-width="2"/>` : '';
  const weight = text.weight ? ` font-weight="${text.weight}"` : '';
  // Labels inside the plot sit on a patch of background, so a rule or line behind them does not cross out a letter.
  const area = textBox(text);
  const patch = INSIDE_PLOT.has(text.kind) ? `<rect x="${fixed(area.left - 1)}" y="${fixed(area.top)}" width="${fixed(area.width + 2)}" height="${fixed(area.height)}" fill="${COLORS.background}" fill-opacity="0.85"/>` : '';
  return `${swatch}${patch}<text x="${fixed(text.x)}" y="${fixed(text.y)}" font-size="${text.size}" text-anchor="${text.anchor}" fill="${text.fill}"${weight}>${escapeXml(text.content)}</text>`;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fixed(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
