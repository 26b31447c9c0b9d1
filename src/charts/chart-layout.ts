import type { ChartSpec } from './chart-spec.js';
import { drawnLines } from './chart-series.js';

/** Where things go on the canvas, in pixels; shared by the drawing and by tests that check where things landed. */
export interface ChartLayout {
  width: number;
  height: number;
  columns: number;
  panels: PanelBox[];
}

/** An axis-aligned rectangle in canvas pixels. */
export interface Rectangle {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** One panel's frame, its plot area (inside the axes), and its legend column outside the plot when it has one. */
export interface PanelBox extends Rectangle {
  plot: Rectangle;
  legend: Rectangle | null;
}

/** Height of the chart's title row. */
export const TITLE_HEIGHT = 34;
const SINGLE = { width: 800, height: 320, legend: 170 };
const SMALL = { width: 400, height: 220, legend: 112 };
const MARGIN = { left: 52, right: 14, top: 26, bottom: 26 };

/**
 * One big panel alone, else a grid of small multiples two or three across. A panel with more than one line gets a
 * legend column right of its plot, so no legend entry is ever drawn over the data or another panel.
 */
export function layoutOf(spec: Pick<ChartSpec, 'panels'>): ChartLayout {
  const count = spec.panels.length;
  const columns = count === 1 ? 1 : count <= 4 ? 2 : 3;
  const size = count === 1 ? SINGLE : SMALL;
  const rows = Math.ceil(count / columns);
  const panels = spec.panels.map((panel, index): PanelBox => {
    const left = (index % columns) * size.width;
    const top = TITLE_HEIGHT + Math.floor(index / columns) * size.height;
    const { lines, hidden } = drawnLines(panel);
    const legendWidth = lines.length > 1 || hidden > 0 ? size.legend : 0;
    const plot = { left: left + MARGIN.left, top: top + MARGIN.top, width: size.width - MARGIN.left - MARGIN.right - legendWidth, height: size.height - MARGIN.top - MARGIN.bottom };
    const legend = legendWidth ? { left: plot.left + plot.width + 10, top: plot.top, width: legendWidth - 10, height: plot.height } : null;
    return { left, top, width: size.width, height: size.height, plot, legend };
  });
  return { width: columns * size.width, height: TITLE_HEIGHT + rows * size.height, columns, panels };
}

/** The x pixel of time `at` (unix seconds) in a panel whose axis runs from `from` to `to`. */
export function xOf(box: PanelBox, from: number, to: number, at: number): number {
  const span = Math.max(1, to - from);
  return box.plot.left + ((at - from) / span) * box.plot.width;
}

/** A rounded top for the value axis (0 to this), so ticks land on 1, 2, 2.5 or 5 times a power of ten. */
export function niceMaximum(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}
