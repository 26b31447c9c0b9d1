import { createRequire } from 'node:module';
import { chartAltText } from './chart-alt-text.js';
import { CHART_FONT_FAMILY, chartFontFiles } from './chart-font.js';
import { chartSvg } from './chart-svg.js';
import type { ChartSpec } from './chart-spec.js';

/** A drawn chart: the PNG bytes, its size, and the same figures in words. */
export interface RenderedChart {
  png: Buffer;
  width: number;
  height: number;
  altText: string;
  /** A file name a front end can give the upload (`frontend-production-metrics.png`). */
  filename: string;
}

type ResvgModule = typeof import('@resvg/resvg-js');
let resvgModule: ResvgModule | undefined;

// Loaded on the first chart, not at start-up: the native module costs tens of ms, and `opsbot mcp` must answer tools/list fast.
function resvg(): ResvgModule {
  resvgModule ??= createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
  return resvgModule;
}

/** Renders a chart spec to PNG on the server: SVG by hand, rasterised by resvg with the bundled font only. */
export function renderChart(spec: ChartSpec): RenderedChart {
  const { svg, layout } = chartSvg(spec);
  const renderer = new (resvg().Resvg)(svg, {
    font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
    fitTo: { mode: 'original' },
    background: '#ffffff',
  });
  const image = renderer.render();
  return { png: image.asPng(), width: layout.width, height: layout.height, altText: chartAltText(spec), filename: `${fileStem(spec.title)}.png` };
}

function fileStem(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'chart'
  );
}
