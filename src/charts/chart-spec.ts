import { z } from 'zod';

/**
 * A chart as plain data: what a tool puts in its result (`data.chart`) so that any front end can draw it
 * (Slack uploads it, MCP sends an image block, the shell writes a file) without tools knowing about PNGs.
 * Times are unix seconds, like MetricSeries points.
 */

const point = z.tuple([z.number(), z.number()]);

export const chartLineSchema = z.object({ label: z.string(), points: z.array(point) });

/** A deploy or rollback, drawn as a labelled vertical rule. */
export const chartMarkerSchema = z.object({ at: z.number(), kind: z.enum(['deploy', 'rollback']), version: z.string(), by: z.string(), failed: z.boolean().optional() });

/** An alert's firing period, drawn as a shaded band. */
export const chartBandSchema = z.object({ from: z.number(), to: z.number(), label: z.string() });

export const chartPanelSchema = z.object({
  title: z.string(),
  unit: z.string(),
  lines: z.array(chartLineSchema),
  markers: z.array(chartMarkerSchema).default([]),
  bands: z.array(chartBandSchema).default([]),
  /** Shown instead of lines when the panel has no data (a query the adapter cannot run, an unknown service). */
  note: z.string().optional(),
});

export const chartSpecSchema = z.object({
  title: z.string(),
  from: z.number(),
  to: z.number(),
  panels: z.array(chartPanelSchema).min(1),
  /** Where the full picture lives (a Grafana dashboard), linked beside the image. */
  url: z.string().optional(),
});

/** One chart to draw. */
export type ChartSpec = z.output<typeof chartSpecSchema>;
/** One small multiple of a chart. */
export type ChartPanel = z.output<typeof chartPanelSchema>;
/** One series of a panel. */
export type ChartLine = z.output<typeof chartLineSchema>;
/** A labelled vertical rule. */
export type ChartMarker = z.output<typeof chartMarkerSchema>;
/** A shaded time band. */
export type ChartBand = z.output<typeof chartBandSchema>;

/** The chart a tool result carries in `data.chart`, if any; anything malformed is ignored rather than drawn wrong. */
export function chartOf(data: unknown): ChartSpec | null {
  if (data === null || typeof data !== 'object' || !('chart' in data)) return null;
  const parsed = chartSpecSchema.safeParse((data as { chart: unknown }).chart);
  return parsed.success ? parsed.data : null;
}
