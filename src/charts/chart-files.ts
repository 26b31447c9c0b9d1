import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ChartSpec } from './chart-spec.js';
import { renderChart } from './render-chart.js';

/** Where charts go when no file is named: `charts/` in the data directory (OPSBOT_DATA_DIR, default ./.opsbot). */
export function defaultChartDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.OPSBOT_DATA_DIR ?? '.opsbot', 'charts');
}

/** Renders `spec` and writes the PNG to `file` (or a file named after the chart in `directory`); returns the absolute path. */
export function writeChartFile(spec: ChartSpec, target: { file?: string; directory?: string }): string {
  const rendered = renderChart(spec);
  const path = resolve(target.file ?? join(target.directory ?? defaultChartDirectory(), rendered.filename));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, rendered.png);
  return path;
}
