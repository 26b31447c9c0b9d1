import { z } from 'zod';
import { chartOf } from './chart-spec.js';
import { type RenderedChart, renderChart } from './render-chart.js';

/**
 * A picture a tool result carries for front ends to show: a backend's own rendering (a Grafana panel, as PNG bytes
 * in `data.image`), else a chart spec in `data.chart` that opsbot draws. Front ends show either the same way.
 */

/** A PNG drawn by a backend, base64 in tool data so the data stays plain JSON. */
export const chartImageSchema = z.object({
  title: z.string(),
  png: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  filename: z.string().min(1),
  altText: z.string(),
});

/** One picture to show: its title, the link beside it, and how to get its PNG. */
export interface PictureSource {
  title: string;
  url?: string;
  draw(): RenderedChart;
}

/** The picture in a tool result's data, if any; a malformed one is ignored rather than shown wrong. */
export function pictureOf(data: unknown): PictureSource | null {
  if (data === null || typeof data !== 'object') return null;
  const url = typeof (data as { url?: unknown }).url === 'string' ? (data as { url: string }).url : undefined;
  if ('image' in data) {
    const parsed = chartImageSchema.safeParse((data as { image: unknown }).image);
    if (parsed.success) {
      const image = parsed.data;
      return { title: image.title, ...(url ? { url } : {}), draw: () => ({ png: Buffer.from(image.png, 'base64'), width: image.width, height: image.height, altText: image.altText, filename: image.filename }) };
    }
  }
  const chart = chartOf(data);
  if (!chart) return null;
  return { title: chart.title, ...(chart.url ? { url: chart.url } : {}), draw: () => renderChart(chart) };
}
