import { type ChartLayout, layoutOf, niceMaximum, type PanelBox, xOf } from './chart-layout.js';
import { CHART_FONT_FAMILY } from './chart-font.js';
import type { ChartPanel, ChartSpec } from './chart-spec.js';

/**
 * Draws a chart as SVG by hand. A chart here is a few polylines, rules, bands and labels; writing that directly
 * (about 150 lines) keeps the install to one prebuilt rasteriser (@resvg/resvg-js) instead of vega's or chart.js's
 * dependency trees, renders in a few milliseconds, and puts every pixel where a test can predict it (layoutOf, xOf).
 */

export const COLORS = {
  background: '#ffffff',
  text: '#212529',
  muted: '#868e96',
  grid: '#e9ecef',
  deploy: '#e8590c',
  rollback: '#c2255c',
  band: '#fa5252',
  lines: ['#1c7ed6', '#2f9e44', '#7048e8', '#0c8599', '#5c940d', '#862e9c'],
} as const;

/** The SVG document of a chart and the layout it used. */
export function chartSvg(spec: ChartSpec): { svg: string; layout: ChartLayout } {
  const layout = layoutOf(spec);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="${CHART_FONT_FAMILY}">`,
    `<rect width="100%" height="100%" fill="${COLORS.background}"/>`,
    text(12, 22, spec.title, { size: 15, weight: 'bold' }),
    text(layout.width - 12, 22, `${clock(spec.from)}–${clock(spec.to)} UTC`, { size: 11, anchor: 'end', fill: COLORS.muted }),
  ];
  // Text is most of resvg's time (each label is shaped on its own), so time labels go on the bottom row only.
  const bottom = Math.max(...layout.panels.map((box) => box.top));
  spec.panels.forEach((panel, index) => parts.push(panelSvg(panel, layout.panels[index]!, spec.from, spec.to, layout.panels[index]!.top === bottom)));
  parts.push('</svg>');
  return { svg: parts.join(''), layout };
}

function panelSvg(panel: ChartPanel, box: PanelBox, from: number, to: number, timeLabels: boolean): string {
  const { plot } = box;
  const parts: string[] = [text(box.left + 12, box.top + 16, `${panel.title}${panel.unit ? ` (${panel.unit})` : ''}`, { size: 12, weight: 'bold' })];
  const x = (at: number) => clamp(xOf(box, from, to, at), plot.left, plot.left + plot.width);
  panel.bands.forEach((band, index) => {
    const left = x(band.from);
    const right = x(band.to);
    if (right <= plot.left || left >= plot.left + plot.width) return;
    parts.push(`<rect x="${fixed(left)}" y="${plot.top}" width="${fixed(Math.max(1, right - left))}" height="${plot.height}" fill="${COLORS.band}" fill-opacity="0.14"/>`);
    // Labels stack upwards from the axis, and hang left of a band's end near the right edge so they stay on the canvas.
    const labelY = plot.top + plot.height - 4 - index * 11;
    const rightSide = left > plot.left + plot.width * 0.7;
    parts.push(text(rightSide ? right - 3 : left + 3, labelY, band.label, { size: 9, fill: COLORS.band, anchor: rightSide ? 'end' : 'start' }));
  });
  const values = panel.lines.flatMap((line) => line.points.map(([, value]) => value));
  // Headroom above the highest point, so a flat line does not sit on the frame.
  const top = niceMaximum(Math.max(0, ...values) * 1.1);
  const y = (value: number) => plot.top + plot.height - (Math.max(0, value) / top) * plot.height;
  for (let tick = 0; tick <= 4; tick++) {
    const value = (top * tick) / 4;
    parts.push(`<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${fixed(y(value))}" y2="${fixed(y(value))}" stroke="${COLORS.grid}" stroke-width="1"/>`);
    if (tick % 2 === 0) parts.push(text(plot.left - 5, y(value) + 3.5, tickLabel(value), { size: 9, anchor: 'end', fill: COLORS.muted }));
  }
  for (let tick = 0; timeLabels && tick <= 4; tick++) {
    const at = from + ((to - from) * tick) / 4;
    const anchor = tick === 0 ? 'start' : tick === 4 ? 'end' : 'middle';
    parts.push(text(xOf(box, from, to, at), plot.top + plot.height + 14, clock(at), { size: 9, anchor, fill: COLORS.muted }));
  }
  parts.push(`<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${plot.top + plot.height}" y2="${plot.top + plot.height}" stroke="${COLORS.muted}" stroke-width="1"/>`);
  panel.lines.forEach((line, index) => {
    const color = COLORS.lines[index % COLORS.lines.length]!;
    const inRange = line.points.filter(([at]) => at >= from && at <= to);
    if (inRange.length) parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round" points="${inRange.map(([at, value]) => `${fixed(x(at))},${fixed(y(value))}`).join(' ')}"/>`);
    if (panel.lines.length > 1) parts.push(text(box.left + box.width - 14, box.top + 16 + index * 11, line.label, { size: 9, anchor: 'end', fill: color }));
  });
  if (panel.note) parts.push(text(plot.left + plot.width / 2, plot.top + plot.height / 2, panel.note, { size: 11, anchor: 'middle', fill: COLORS.muted }));
  panel.markers
    .filter((marker) => marker.at >= from && marker.at <= to)
    .forEach((marker, index) => {
      const color = marker.kind === 'rollback' ? COLORS.rollback : COLORS.deploy;
      // Whole-pixel column plus a half, so a 2-px rule fills exactly the column its time maps to and the next.
      const column = Math.round(xOf(box, from, to, marker.at)) + 0.5;
      parts.push(`<line x1="${column}" x2="${column}" y1="${plot.top}" y2="${plot.top + plot.height}" stroke="${color}" stroke-width="2"${marker.failed ? ' stroke-dasharray="5 3"' : ''}/>`);
      const label = `${marker.kind === 'rollback' ? '↶ ' : ''}${marker.version} · ${marker.by}${marker.failed ? ' (failed)' : ''}`;
      const leftSide = column > plot.left + plot.width * 0.7;
      parts.push(text(column + (leftSide ? -4 : 4), plot.top + 10 + (index % 3) * 11, label, { size: 9, anchor: leftSide ? 'end' : 'start', fill: color }));
    });
  return parts.join('');
}

function text(x: number, y: number, content: string, style: { size: number; anchor?: 'start' | 'middle' | 'end'; fill?: string; weight?: 'bold' }): string {
  const weight = style.weight ? ` font-weight="${style.weight}"` : '';
  return `<text x="${fixed(x)}" y="${fixed(y)}" font-size="${style.size}" text-anchor="${style.anchor ?? 'start'}" fill="${style.fill ?? COLORS.text}"${weight}>${escapeXml(content)}</text>`;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function tickLabel(value: number): string {
  if (value >= 1000) return `${Number((value / 1000).toFixed(1))}k`;
  return String(Number(value.toFixed(value >= 10 ? 0 : 2)));
}

/** HH:MM in UTC: the product states times in UTC everywhere. */
export function clock(at: number): string {
  return new Date(at * 1000).toISOString().slice(11, 16);
}

function fixed(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
