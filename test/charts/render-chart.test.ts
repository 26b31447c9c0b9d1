import { describe, expect, it } from 'vitest';
import { layoutOf, xOf } from '../../src/charts/chart-layout.js';
import { type ChartSpec, chartOf } from '../../src/charts/chart-spec.js';
import { COLORS } from '../../src/charts/chart-svg.js';
import { renderChart } from '../../src/charts/render-chart.js';
import { decodePng, distinctColours, near, pixel } from './png-checks.js';

const FROM = Date.parse('2026-11-21T13:00:00Z') / 1000;
const TO = FROM + 3600;
const DEPLOY_AT = FROM + 2460; // 13:41, deliberately not on a tick

function points(value: (minute: number) => number): Array<[number, number]> {
  return Array.from({ length: 61 }, (_, minute) => [FROM + minute * 60, value(minute)]);
}

function spec(panels = 1): ChartSpec {
  return {
    title: 'frontend (production), last 1h',
    from: FROM,
    to: TO,
    panels: Array.from({ length: panels }, (_, index) => ({
      title: `panel ${index}`,
      unit: 'ms',
      lines: [{ label: 'frontend', points: points((minute) => (minute >= 41 ? 167 : 55)) }],
      markers: [{ at: DEPLOY_AT, kind: 'deploy' as const, version: 'v2.4.0', by: 'U00LEAD' }],
      bands: [{ from: FROM + 2520, to: TO, label: 'HighLatency' }],
    })),
  };
}

describe('renderChart', () => {
  it('produces a PNG of the declared size that is not blank', () => {
    const rendered = renderChart(spec());
    const png = decodePng(rendered.png);
    expect([png.width, png.height]).toEqual([rendered.width, rendered.height]);
    expect([png.width, png.height]).toEqual([layoutOf(spec()).width, layoutOf(spec()).height]);
    // Background, text, grid, the line, the band and the rule: a blank image would have one colour.
    expect(distinctColours(png)).toBeGreaterThan(20);
    expect(rendered.filename).toBe('frontend-production-last-1h.png');
  });

  it('draws a deploy inside the range as a rule in the pixel column its time maps to', () => {
    const rendered = renderChart(spec());
    const png = decodePng(rendered.png);
    const box = layoutOf(spec()).panels[0]!;
    const column = Math.round(xOf(box, FROM, TO, DEPLOY_AT));
    const rows = Array.from({ length: box.plot.height - 40 }, (_, index) => box.plot.top + 30 + index);
    const deployRows = (x: number) => rows.filter((y) => near(pixel(png, x, y), COLORS.deploy)).length;
    // The rule runs the height of the plot in that column…
    expect(deployRows(column)).toBeGreaterThan(rows.length * 0.9);
    // …and nowhere a few columns either side (the line, band and grid are other colours).
    expect(deployRows(column - 6)).toBe(0);
    expect(deployRows(column + 8)).toBe(0);
  });

  it('leaves out a deploy outside the range', () => {
    const outside = spec();
    outside.panels[0]!.markers = [{ at: FROM - 600, kind: 'deploy', version: 'v2.3.9', by: 'U00DEV' }];
    const png = decodePng(renderChart(outside).png);
    const box = layoutOf(outside).panels[0]!;
    let orange = 0;
    for (let x = box.plot.left; x < box.plot.left + box.plot.width; x++) if (near(pixel(png, x, box.plot.top + box.plot.height / 2), COLORS.deploy)) orange++;
    expect(orange).toBe(0);
  });

  it('lays several panels out as small multiples, each with its own rule', () => {
    const four = spec(4);
    const png = decodePng(renderChart(four).png);
    const layout = layoutOf(four);
    expect([png.width, png.height]).toEqual([800, layout.height]);
    for (const box of layout.panels) {
      const column = Math.round(xOf(box, FROM, TO, DEPLOY_AT));
      expect(near(pixel(png, column, box.plot.top + Math.round(box.plot.height * 0.6)), COLORS.deploy)).toBe(true);
    }
  });

  it('is the same bytes every time (one bundled font, no system fonts)', () => {
    expect(renderChart(spec()).png.equals(renderChart(spec()).png)).toBe(true);
  });

  it('states the figures, deploys and alerts in its alt text', () => {
    const { altText } = renderChart(spec());
    expect(altText).toContain('frontend now 167 ms (low 55.0, high 167)');
    expect(altText).toContain('Deploy of v2.4.0 by U00LEAD at 13:41');
    expect(altText).toContain('Alert HighLatency firing from 13:42 to 14:00');
  });

  it('finds a chart in tool data, and ignores a malformed one', () => {
    expect(chartOf({ chart: spec() })?.title).toBe('frontend (production), last 1h');
    expect(chartOf({ chart: { title: 'no panels', from: 0, to: 1, panels: [] } })).toBeNull();
    expect(chartOf({ series: [] })).toBeNull();
  });
});
