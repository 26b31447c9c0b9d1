import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { pictureOf } from '../../charts/chart-image.js';

/**
 * A result whose data carries a chart (or a backend's image, such as a Grafana panel) also gets it as an MCP `image` content block (PNG, base64) after the text,
 * so a client that shows images shows the graph; the alt text travels in the text already (the figures in words).
 * A chart that cannot be drawn costs the client the picture, never the answer.
 */
export function withChart(result: CallToolResult, data: unknown, log: (line: string) => void): CallToolResult {
  const chart = pictureOf(data);
  if (!chart) return result;
  try {
    const rendered = chart.draw();
    return { ...result, content: [...result.content, { type: 'image', data: rendered.png.toString('base64'), mimeType: 'image/png' }] };
  } catch (error) {
    log(`chart render failed (${chart.title}): ${error instanceof Error ? error.message : String(error)}`);
    return { ...result, content: [...result.content, { type: 'text', text: `(The chart "${chart.title}" could not be drawn.)` }] };
  }
}
