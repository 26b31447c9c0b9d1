import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { pictureOf } from '../../src/charts/chart-image.js';
import { decodePng } from './png-checks.js';

const FROM = Date.parse('2026-11-21T13:00:00Z') / 1000;

function png(width: number, height: number): Buffer {
  return PNG.sync.write(new PNG({ width, height }));
}

describe('pictureOf', () => {
  it("shows a backend's own PNG (data.image) as it came, with the answer's link", () => {
    const image = { title: 'Checkout: Checkout errors', png: png(80, 40).toString('base64'), width: 80, height: 40, filename: 'xk3checkout-panel-3.png', altText: 'the Checkout errors panel' };
    const picture = pictureOf({ url: 'https://grafana.example.com/d/Xk3checkout/checkout', image })!;
    expect(picture).toMatchObject({ title: 'Checkout: Checkout errors', url: 'https://grafana.example.com/d/Xk3checkout/checkout' });
    const drawn = picture.draw();
    expect([decodePng(drawn.png).width, drawn.filename, drawn.altText]).toEqual([80, 'xk3checkout-panel-3.png', 'the Checkout errors panel']);
  });

  it('draws a chart spec (data.chart) when there is no image, and ignores a malformed image', () => {
    const chart = { title: 'api, last 1h', from: FROM, to: FROM + 3600, panels: [{ title: 'cpu', unit: '%', lines: [{ label: 'api', points: [[FROM, 1] as [number, number]] }] }] };
    const picture = pictureOf({ image: { title: 'broken', png: '' }, chart })!;
    expect(picture.title).toBe('api, last 1h');
    expect(decodePng(picture.draw().png).width).toBe(800);
    expect(pictureOf({ image: { title: 'broken' } })).toBeNull();
    expect(pictureOf(null)).toBeNull();
  });
});
