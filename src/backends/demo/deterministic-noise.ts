/**
 * Seeded pseudo-randomness for the simulated fleet: the same inputs always give the same number, in every
 * process, so the demo looks alive yet answers identically when asked twice about the same moment.
 */

/** A 32-bit hash of the parts (FNV-1a with a final avalanche so nearby inputs spread apart). */
export function hash32(...parts: Array<string | number>): number {
  let hash = 0x811c9dc5;
  const text = parts.join('\u0000');
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A number in [0, 1) determined by the parts. */
export function unit(...parts: Array<string | number>): number {
  return hash32(...parts) / 0x1_0000_0000;
}

/** A number in [-1, 1) determined by the parts. */
export function signedUnit(...parts: Array<string | number>): number {
  return unit(...parts) * 2 - 1;
}
