import { createRequire } from 'node:module';

/**
 * The one font every chart is drawn with: DejaVu Sans from the `dejavu-fonts-ttf` npm package (Bitstream Vera
 * licence, public-domain DejaVu changes: free to redistribute). resvg reads TTF/OTF but not WOFF, and system fonts
 * are switched off, so a chart comes out the same on every machine.
 */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

let cached: string[] | undefined;

/** Absolute paths of the regular and bold TTF, resolved from node_modules as installed. */
export function chartFontFiles(): string[] {
  const require = createRequire(import.meta.url);
  cached ??= ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
  return cached;
}
