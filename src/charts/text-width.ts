import { readFileSync } from 'node:fs';
import { chartFontFiles } from './chart-font.js';

/**
 * Widths of text in the chart font, read from the font's own advance widths (its `cmap` and `hmtx` tables), so
 * the layout knows where every label ends without rasterising it. Kerning is left out: it only narrows text, so
 * a box measured here is never smaller than what resvg draws.
 */

interface FontMetrics {
  unitsPerEm: number;
  advanceOf: (codePoint: number) => number;
}

const fonts = new Map<'regular' | 'bold', FontMetrics>();

/** The width in pixels of `text` drawn at `size` px. */
export function textWidth(text: string, size: number, weight: 'regular' | 'bold' = 'regular'): number {
  const font = metrics(weight);
  let units = 0;
  for (const character of text) units += font.advanceOf(character.codePointAt(0)!);
  return (units / font.unitsPerEm) * size;
}

/** `text` cut to at most `width` px with an ellipsis, or as it is when it fits. */
export function fitText(text: string, width: number, size: number, weight: 'regular' | 'bold' = 'regular'): string {
  if (textWidth(text, size, weight) <= width) return text;
  const characters = [...text];
  while (characters.length > 0 && textWidth(`${characters.join('')}…`, size, weight) > width) characters.pop();
  return characters.length ? `${characters.join('').trimEnd()}…` : '';
}

function metrics(weight: 'regular' | 'bold'): FontMetrics {
  let font = fonts.get(weight);
  if (!font) {
    const [regular, bold] = chartFontFiles();
    font = parseFont(readFileSync(weight === 'bold' ? bold! : regular!));
    fonts.set(weight, font);
  }
  return font;
}

function parseFont(data: Buffer): FontMetrics {
  const tables = new Map<string, number>();
  const count = data.readUInt16BE(4);
  for (let index = 0; index < count; index++) {
    const record = 12 + index * 16;
    tables.set(data.toString('latin1', record, record + 4), data.readUInt32BE(record + 8));
  }
  const table = (tag: string) => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`chart font has no ${tag} table`);
    return offset;
  };
  const unitsPerEm = data.readUInt16BE(table('head') + 18);
  const metricCount = data.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const glyphOf = unicodeMap(data, table('cmap'));
  const advance = (glyph: number) => data.readUInt16BE(hmtx + 4 * Math.min(glyph, metricCount - 1));
  // Layout measures the same few dozen characters thousands of times per chart: look each up once.
  const advances = new Map<number, number>();
  return {
    unitsPerEm,
    advanceOf: (codePoint) => {
      let found = advances.get(codePoint);
      if (found === undefined) advances.set(codePoint, (found = advance(glyphOf(codePoint))));
      return found;
    },
  };
}

// The Windows Unicode BMP subtable (platform 3, encoding 1, format 4): every character a chart label uses.
function unicodeMap(data: Buffer, cmap: number): (codePoint: number) => number {
  const subtables = data.readUInt16BE(cmap + 2);
  let format4 = -1;
  for (let index = 0; index < subtables; index++) {
    const record = cmap + 4 + index * 8;
    if (data.readUInt16BE(record) === 3 && data.readUInt16BE(record + 2) === 1) format4 = cmap + data.readUInt32BE(record + 4);
  }
  if (format4 < 0 || data.readUInt16BE(format4) !== 4) throw new Error('chart font has no Unicode BMP cmap');
  const segments = data.readUInt16BE(format4 + 6) / 2;
  const ends = format4 + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  return (codePoint) => {
    if (codePoint > 0xffff) return 0;
    for (let segment = 0; segment < segments; segment++) {
      if (data.readUInt16BE(ends + segment * 2) < codePoint) continue;
      const start = data.readUInt16BE(starts + segment * 2);
      if (start > codePoint) return 0;
      const delta = data.readUInt16BE(deltas + segment * 2);
      const rangeOffset = data.readUInt16BE(rangeOffsets + segment * 2);
      if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
      const glyph = data.readUInt16BE(rangeOffsets + segment * 2 + rangeOffset + (codePoint - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}
