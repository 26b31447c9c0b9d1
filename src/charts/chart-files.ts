import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { PictureSource } from './chart-image.js';
import type { ChartSpec } from './chart-spec.js';
import { type RenderedChart, renderChart } from './render-chart.js';

/** Where charts go when no file is named: `charts/` in the data directory (OPSBOT_DATA_DIR, default ./.opsbot). */
export function defaultChartDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.OPSBOT_DATA_DIR ?? '.opsbot', 'charts');
}

/** Renders `spec` and writes the PNG to `file` (or a file named after the chart in `directory`); returns the absolute path. */
export function writeChartFile(spec: ChartSpec, target: { file?: string; directory?: string }): string {
  return writeRendered(renderChart(spec), target);
}

/** Draws a picture (a chart, or a backend's PNG) and writes it like writeChartFile. */
export function writePictureFile(picture: PictureSource, target: { file?: string; directory?: string }): string {
  return writeRendered(picture.draw(), target);
}

function writeRendered(rendered: RenderedChart, target: { file?: string; directory?: string }): string {
  const path = resolve(target.file ?? join(target.directory ?? defaultChartDirectory(), rendered.filename));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, rendered.png);
  return path;
}
