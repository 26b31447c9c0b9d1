import { PNG } from 'pngjs';

/** A decoded PNG: throws when the bytes are not one. */
export function decodePng(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}

/** RGB of one pixel. */
export function pixel(png: PNG, x: number, y: number): [number, number, number] {
  const at = (png.width * y + x) * 4;
  return [png.data[at]!, png.data[at + 1]!, png.data[at + 2]!];
}

/** How many distinct colours the image holds: a blank or flat image has one or two. */
export function distinctColours(png: PNG): number {
  const seen = new Set<number>();
  for (let at = 0; at < png.data.length; at += 4) seen.add((png.data[at]! << 16) | (png.data[at + 1]! << 8) | png.data[at + 2]!);
  return seen.size;
}

/** Whether a pixel is close to `#rrggbb` (anti-aliasing softens edges, never the middle of a 2-px rule). */
export function near(rgb: [number, number, number], hex: string, tolerance = 40): boolean {
  const target = [1, 3, 5].map((index) => parseInt(hex.slice(index, index + 2), 16));
  return rgb.every((value, index) => Math.abs(value - target[index]!) <= tolerance);
}
