import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { COLORS } from '../../src/charts/chart-colors.js';
import { chartFontFiles, CHART_FONT_FAMILY } from '../../src/charts/chart-font.js';
import { layoutOf, type Rectangle, xOf } from '../../src/charts/chart-layout.js';
import { distinctLabels, MAX_DRAWN_LINES } from '../../src/charts/chart-series.js';
import type { ChartPanel, ChartSpec } from '../../src/charts/chart-spec.js';
import { chartSvg } from '../../src/charts/chart-svg.js';
import { intersects, type PlacedText, textBox } from '../../src/charts/chart-texts.js';
import { renderChart } from '../../src/charts/render-chart.js';
import { textWidth } from '../../src/charts/text-width.js';
import { decodePng, near, pixel } from './png-checks.js';

const FROM = Date.parse('2026-11-21T13:00:00Z') / 1000;
const TO = FROM + 3600;

function points(start = FROM, value = (index: number) => 40 + (index % 7)): Array<[number, number]> {
  return Array.from({ length: Math.floor((TO - start) / 60) + 1 }, (_, index) => [start + index * 60, value(index)]);
}

// Twelve Prometheus label sets that differ in more than one label, as a raw query panel gets them.
const LONG_LINES = Array.from({ length: 12 }, (_, index) => ({
  label: `component=server-${index}, environment=production, instance=127.0.0.1:${19090 + index}, job=prometheus-${index % 3}`,
  points: points(FROM, (minute) => 10 + index * 3 + (minute % 5)),
}));

// Five deploys and rollbacks within ten minutes, labelled as a dashboard panel of several services labels them.
const CROWDED_DEPLOYS = Array.from({ length: 5 }, (_, index) => ({
  at: FROM + 2400 + index * 120,
  kind: index % 2 ? ('rollback' as const) : ('deploy' as const),
  version: `${['frontend', 'payments', 'auth'][index % 3]} v2.3.${index}`,
  by: 'U00LEAD2',
  ...(index === 3 ? { failed: true } : {}),
}));

const BANDS = [
  { from: FROM + 2500, to: TO, label: 'payments HighLatency (silenced)' },
  { from: FROM + 2600, to: TO, label: 'auth HighErrorRate' },
];

function panel(title: string, overrides: Partial<ChartPanel> = {}): ChartPanel {
  return { title, unit: 'ms', lines: LONG_LINES, markers: CROWDED_DEPLOYS, bands: BANDS, ...overrides };
}

function chart(panels: ChartPanel[]): ChartSpec {
  return { title: 'Checkout, a dashboard with a long title that goes on and on, last 1h', from: FROM, to: TO, panels };
}

const WORST_CASES: Record<string, ChartSpec> = {
  'one panel, 12 series with long labels, 5 deploys in 10 minutes, 2 alerts': chart([panel('Requests by instance of every component in production')]),
  '4 panels of the same': chart(['p95 latency of every instance', 'errors', 'cpu', 'requests'].map((title) => panel(title))),
  '4 panels, one partial and one without data': chart([
    panel('requests', { lines: [{ label: 'frontend', points: points(FROM + 3300) }] }),
    panel('errors', { lines: [], note: 'Prometheus cannot run the query `sum(rate(http_requests_total{job="api",code=~"5.."}[5m]))`: bad_data' }),
    panel('cpu'),
    panel('p95 latency', { lines: LONG_LINES.slice(0, 3) }),
  ]),
  '6 panels': chart(Array.from({ length: 6 }, (_, index) => panel(`panel ${index}`))),
};

function problems(texts: PlacedText[], canvas: { width: number; height: number }): string[] {
  const found: string[] = [];
  const boxes = texts.map((text) => ({ text, box: textBox(text) }));
  for (const { text, box } of boxes) {
    if (box.left < 0 || box.top < 0 || box.left + box.width > canvas.width || box.top + box.height > canvas.height) found.push(`"${text.content}" leaves the canvas`);
  }
  boxes.forEach((one, index) => {
    for (const other of boxes.slice(index + 1)) if (intersects(one.box, other.box)) found.push(`"${one.text.content}" (${one.text.kind}) meets "${other.text.content}" (${other.text.kind})`);
  });
  return found;
}

function inside(box: Rectangle, area: Rectangle): boolean {
  return box.left >= area.left && box.top >= area.top && box.left + box.width <= area.left + area.width && box.top + box.height <= area.top + area.height;
}

describe('chart layout, worst cases', () => {
  for (const [name, spec] of Object.entries(WORST_CASES)) {
    it(`${name}: no two text boxes meet and none leaves the canvas`, () => {
      const { layout, texts } = chartSvg(spec);
      expect(problems(texts, layout)).toEqual([]);
      // Every deploy is labelled or counted, and every label of the plot stays inside it, clear of the legend.
      layout.panels.forEach((box, index) => {
        const own = texts.filter((text) => inside(textBox(text), box));
        const annotations = own.filter((text) => text.kind === 'marker' || text.kind === 'band');
        for (const text of annotations) expect(inside(textBox(text), box.plot)).toBe(true);
        const counted = annotations.filter((text) => text.kind === 'marker').reduce((sum, text) => sum + (/^\+(\d+) deploys$/.exec(text.content) ? Number(RegExp.$1) : 1), 0);
        expect(counted).toBe(spec.panels[index]!.markers.length);
        const alerts = annotations.filter((text) => text.kind === 'band').reduce((sum, text) => sum + (/^\+(\d+) alerts$/.exec(text.content) ? Number(RegExp.$1) : 1), 0);
        expect(alerts).toBe(spec.panels[index]!.bands.length);
        if (box.legend) for (const text of own.filter((entry) => entry.kind === 'legend')) expect(inside(textBox(text), box.legend)).toBe(true);
      });
    });
  }

  it('would catch an overlap: two labels at one spot are reported', () => {
    const label: PlacedText = { x: 100, y: 100, size: 9, anchor: 'start', content: 'v2.3.1 · U00LEAD2', fill: COLORS.deploy, kind: 'marker' };
    expect(problems([label, { ...label, x: 140 }], { width: 800, height: 320 })).toHaveLength(1);
    expect(problems([{ ...label, x: 790 }], { width: 800, height: 320 })).toEqual(['"v2.3.1 · U00LEAD2" leaves the canvas']);
  });

  it('draws at most the six highest series, says "+6 more", and keeps every full key in the alt text', () => {
    const spec = WORST_CASES['one panel, 12 series with long labels, 5 deploys in 10 minutes, 2 alerts']!;
    const legend = chartSvg(spec).texts.filter((text) => text.kind === 'legend').map((text) => text.content);
    expect(legend).toHaveLength(MAX_DRAWN_LINES + 1);
    expect(legend.at(-1)).toBe('+6 more');
    // The highest six (server-6 … server-11), shortened with an ellipsis where they do not fit.
    expect(legend[0]).toMatch(/^server-6, 127\.0\.0\.1:19096, \w*…$/);
    expect(legend.slice(0, -1).some((entry) => entry.endsWith('…'))).toBe(true);
    const { altText } = renderChart(spec);
    for (const line of LONG_LINES) expect(altText).toContain(line.label);
  });

  it('says "data since HH:MM" and draws the data where its time falls', () => {
    const spec = chart([{ title: 'requests', unit: 'req/s', lines: [{ label: 'frontend', points: points(FROM + 3300, () => 50) }], markers: [], bands: [] }]);
    const { texts, layout } = chartSvg(spec);
    expect(texts.find((text) => text.kind === 'data-since')?.content).toBe('data since 13:55');
    expect(renderChart(spec).altText).toContain('requests (data since 13:55): frontend now 50.0 req/s');
    const png = decodePng(renderChart(spec).png);
    const box = layout.panels[0]!;
    const row = Array.from({ length: box.plot.height }, (_, index) => box.plot.top + index);
    const blue = (x: number) => row.some((y) => near(pixel(png, x, y), COLORS.lines[0]!, 30));
    const start = Math.round(xOf(box, FROM, TO, FROM + 3300));
    expect(blue(start + 3)).toBe(true);
    expect(blue(start - 6)).toBe(false);
    expect(blue(box.plot.left + 10)).toBe(false);
  });

  it('shortens label sets to what tells them apart', () => {
    expect(distinctLabels(['env=prod, job=api', 'env=prod, job=web'])).toEqual(['job=api', 'job=web']);
    expect(distinctLabels(['env=prod, job=api, pod=a', 'env=prod, job=web, pod=b'])).toEqual(['api, a', 'web, b']);
    expect(distinctLabels(['env=prod, job=api', 'env=prod, pod=b'])).toEqual(['job=api', 'pod=b']);
    expect(distinctLabels(['frontend', 'payments'])).toEqual(['frontend', 'payments']);
  });

  it('measures text no narrower than resvg draws it', () => {
    const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
    for (const [content, size, weight] of [['↶ frontend v2.3.1 · U00LEAD2 (failed)', 9, 'regular'], ['Checkout p95 latency (ms)', 12, 'bold'], ['WWWWMMMM iiii 0123456789', 11, 'regular']] as const) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="40"><text x="10" y="25" font-size="${size}" font-weight="${weight === 'bold' ? 'bold' : 'normal'}" font-family="${CHART_FONT_FAMILY}">${content}</text></svg>`;
      const drawn = new Resvg(svg, { font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY } }).getBBox()!;
      const measured = textWidth(content, size, weight);
      expect(drawn.width).toBeLessThanOrEqual(measured + 0.5);
      // …and not so much wider that labels would be cut for nothing.
      expect(measured - drawn.width).toBeLessThan(size);
    }
  });

  it('keeps a small-multiples canvas of 4 panels at 800 px wide with legends beside each plot', () => {
    const layout = layoutOf(WORST_CASES['4 panels of the same']!);
    expect(layout.width).toBe(800);
    for (const box of layout.panels) expect(box.legend!.left).toBeGreaterThanOrEqual(box.plot.left + box.plot.width);
  });
});
