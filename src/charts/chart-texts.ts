import { COLORS } from './chart-colors.js';
import { type ChartLayout, niceMaximum, type PanelBox, type Rectangle, xOf } from './chart-layout.js';
import { dataStart, drawnLines } from './chart-series.js';
import type { ChartMarker, ChartPanel, ChartSpec } from './chart-spec.js';
import { fitText, textWidth } from './text-width.js';

/**
 * Every word on a chart, placed before anything is drawn: each label is measured in the chart font and put where
 * its box meets no other, or shortened, or summarised. The drawing only writes these out, so a chart is legible
 * by construction, and a test can check the boxes rather than the pixels.
 */

/** One piece of text at its place: `y` is the baseline. */
export interface PlacedText {
  x: number;
  y: number;
  size: number;
  anchor: 'start' | 'middle' | 'end';
  content: string;
  fill: string;
  weight?: 'bold';
  /** A legend entry's line colour, drawn as a short stroke before it (left of `x`, inside the legend column). */
  swatch?: string;
  /** What it is, for tests and for reading the layout. */
  kind: 'title' | 'range' | 'panel-title' | 'data-since' | 'axis' | 'legend' | 'note' | 'band' | 'marker';
}

// DejaVu Sans reaches 0.93 em above the baseline (accents included) and 0.24 em below it.
const ASCENT = 0.93;
const DESCENT = 0.24;
// Annotation labels are 9 px; a lane is one label high with a pixel to spare.
const LANE = 11;
const LEGEND_ROW = 12;

/** The box a text covers on the canvas. */
export function textBox(text: PlacedText): Rectangle {
  const width = textWidth(text.content, text.size, text.weight === 'bold' ? 'bold' : 'regular');
  const left = text.anchor === 'start' ? text.x : text.anchor === 'end' ? text.x - width : text.x - width / 2;
  return { left, top: text.y - ASCENT * text.size, width, height: (ASCENT + DESCENT) * text.size };
}

/** Do two boxes share any area? */
export function intersects(one: Rectangle, other: Rectangle): boolean {
  return one.left < other.left + other.width && other.left < one.left + one.width && one.top < other.top + other.height && other.top < one.top + one.height;
}

/** HH:MM in UTC: the product states times in UTC everywhere. */
export function clock(at: number): string {
  return new Date(at * 1000).toISOString().slice(11, 16);
}

/** The value-axis top of a panel: the highest drawn point plus headroom, so a flat line does not sit on the frame. */
export function valueTop(panel: Pick<ChartPanel, 'lines'>): number {
  const values = drawnLines(panel).lines.flatMap((line) => line.points.map(([, value]) => value));
  return niceMaximum(Math.max(0, ...values) * 1.1);
}

/** All the chart's texts, placed so that no two boxes meet and none leaves the canvas. */
export function placeTexts(spec: ChartSpec, layout: ChartLayout): PlacedText[] {
  const placed: PlacedText[] = [];
  const range = `${clock(spec.from)}–${clock(spec.to)} UTC`;
  const rangeWidth = textWidth(range, 11);
  placed.push({ x: layout.width - 12, y: 22, size: 11, anchor: 'end', content: range, fill: COLORS.muted, kind: 'range' });
  placed.push({ x: 12, y: 22, size: 15, anchor: 'start', weight: 'bold', content: fitText(spec.title, layout.width - 24 - rangeWidth - 16, 15, 'bold'), fill: COLORS.text, kind: 'title' });
  // Time labels on the bottom row only: the panels above share its axis.
  const bottom = Math.max(...layout.panels.map((box) => box.top));
  spec.panels.forEach((panel, index) => placed.push(...panelTexts(panel, layout.panels[index]!, spec, layout.panels[index]!.top === bottom, placed)));
  return placed;
}

function panelTexts(panel: ChartPanel, box: PanelBox, spec: ChartSpec, timeLabels: boolean, earlier: PlacedText[]): PlacedText[] {
  const { plot } = box;
  const texts: PlacedText[] = [];
  const right = box.left + box.width - 14;
  const started = dataStart(panel, spec.from, spec.to);
  const since = started === null ? null : `data since ${clock(started)}`;
  if (since) texts.push({ x: right, y: box.top + 16, size: 9, anchor: 'end', content: since, fill: COLORS.muted, kind: 'data-since' });
  const titleRoom = right - (box.left + 12) - (since ? textWidth(since, 9) + 10 : 0);
  texts.push({ x: box.left + 12, y: box.top + 16, size: 12, anchor: 'start', weight: 'bold', content: fitText(`${panel.title}${panel.unit ? ` (${panel.unit})` : ''}`, titleRoom, 12, 'bold'), fill: COLORS.text, kind: 'panel-title' });
  const top = valueTop(panel);
  for (const tick of [0, 2, 4]) {
    const y = plot.top + plot.height - (tick / 4) * plot.height;
    texts.push({ x: plot.left - 5, y: y + 3.5, size: 9, anchor: 'end', content: tickLabel((top * tick) / 4), fill: COLORS.muted, kind: 'axis' });
  }
  for (let tick = 0; timeLabels && tick <= 4; tick++) {
    const at = spec.from + ((spec.to - spec.from) * tick) / 4;
    texts.push({ x: xOf(box, spec.from, spec.to, at), y: plot.top + plot.height + 14, size: 9, anchor: tick === 0 ? 'start' : tick === 4 ? 'end' : 'middle', content: clock(at), fill: COLORS.muted, kind: 'axis' });
  }
  texts.push(...legendTexts(panel, box));
  if (panel.note) texts.push({ x: plot.left + plot.width / 2, y: plot.top + plot.height / 2, size: 11, anchor: 'middle', content: fitText(panel.note, plot.width - 8, 11), fill: COLORS.muted, kind: 'note' });
  const taken = [...earlier, ...texts];
  texts.push(...annotationTexts(panel, box, spec, taken));
  return texts;
}

/** Legend entries in the column right of the plot, each cut to fit it; past the drawn lines, "+K more". */
function legendTexts(panel: ChartPanel, box: PanelBox): PlacedText[] {
  if (!box.legend) return [];
  const { legend } = box;
  const { lines, hidden } = drawnLines(panel);
  const rows = Math.floor(legend.height / LEGEND_ROW);
  // Room for the summary row when lines are left out.
  const shown = lines.slice(0, hidden > 0 ? Math.min(lines.length, rows - 1) : rows);
  const more = hidden + lines.length - shown.length;
  const entries: PlacedText[] = shown.map((line, index) => ({ x: legend.left + 14, y: legend.top + 9 + index * LEGEND_ROW, size: 9, anchor: 'start', content: fitText(line.shortLabel, legend.width - 14, 9), fill: line.color, swatch: line.color, kind: 'legend' }));
  if (more > 0) entries.push({ x: legend.left + 14, y: legend.top + 9 + shown.length * LEGEND_ROW, size: 9, anchor: 'start', content: `+${more} more`, fill: COLORS.muted, kind: 'legend' });
  return entries;
}

/**
 * Deploy labels hang from the top of the plot, alert labels stand on its floor, each in the first lane where it
 * meets nothing already placed and stays inside the plot; a deploy that finds no lane is tried as its version
 * alone, and the ones that still do not fit are counted in one "+K deploys" label (the alt text names them all);
 * alert labels likewise, as "+K alerts".
 */
function annotationTexts(panel: ChartPanel, box: PanelBox, spec: ChartSpec, taken: PlacedText[]): PlacedText[] {
  const { plot } = box;
  const placed: PlacedText[] = [];
  const lanes = Math.max(1, Math.floor((plot.height / 2 - 4) / LANE));
  const fits = (text: PlacedText) => {
    const area = textBox(text);
    if (area.left < plot.left || area.left + area.width > plot.left + plot.width) return false;
    return ![...taken, ...placed].some((other) => intersects(area, textBox(other)));
  };
  const place = (column: number, preferLeft: boolean, baseline: (lane: number) => number, contents: string[], fill: string, kind: PlacedText['kind']) => {
    for (const content of contents) {
      for (let lane = 0; lane < lanes; lane++) {
        for (const leftSide of preferLeft ? [true, false] : [false, true]) {
          const text: PlacedText = { x: column + (leftSide ? -4 : 4), y: baseline(lane), size: 9, anchor: leftSide ? 'end' : 'start', content, fill, kind };
          if (fits(text)) return placed.push(text) > 0;
        }
      }
    }
    return false;
  };
  const x = (at: number) => Math.min(plot.left + plot.width, Math.max(plot.left, xOf(box, spec.from, spec.to, at)));
  const floor = (lane: number) => plot.top + plot.height - 4 - lane * LANE;
  let unnamed = 0;
  for (const band of panel.bands) {
    const left = x(band.from);
    if (x(band.to) <= plot.left || left >= plot.left + plot.width) continue;
    // Shorter forms: without "(silenced)", then without the service a dashboard panel puts first.
    const shorter = [band.label, band.label.replace(/ \(silenced\)$/, ''), band.label.replace(/ \(silenced\)$/, '').split(' ').at(-1)!];
    if (!place(left - 1, left > plot.left + plot.width * 0.7, floor, [...new Set(shorter)], COLORS.band, 'band')) unnamed++;
  }
  if (unnamed > 0) place(plot.left + 4, false, floor, [`+${unnamed} alerts`], COLORS.band, 'band');
  let unlabelled = 0;
  for (const marker of panel.markers.filter((entry) => entry.at >= spec.from && entry.at <= spec.to)) {
    const column = Math.round(xOf(box, spec.from, spec.to, marker.at)) + 0.5;
    const color = marker.kind === 'rollback' ? COLORS.rollback : COLORS.deploy;
    if (!place(column, column > plot.left + plot.width * 0.7, (lane) => plot.top + 10 + lane * LANE, markerLabels(marker), color, 'marker')) unlabelled++;
  }
  if (unlabelled > 0) place(plot.left + plot.width - 4, true, (lane) => plot.top + 10 + lane * LANE, [`+${unlabelled} deploys`], COLORS.deploy, 'marker');
  return placed;
}

/** A deploy's label, then shorter forms to try when it does not fit. */
function markerLabels(marker: ChartMarker): string[] {
  const arrow = marker.kind === 'rollback' ? '↶ ' : '';
  const failed = marker.failed ? ' (failed)' : '';
  return [`${arrow}${marker.version} · ${marker.by}${failed}`, `${arrow}${marker.version}${failed}`];
}

function tickLabel(value: number): string {
  if (value >= 1000) return `${Number((value / 1000).toFixed(1))}k`;
  return String(Number(value >= 100 ? value.toFixed(0) : value.toPrecision(3)));
}
