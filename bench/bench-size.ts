/**
 * `npm run bench -- --quick` runs every benchmark with small counts: CI uses it to see that each one still runs
 * end to end (a bench that crashes fails the run); its figures mean little and are not asserted.
 */
export const QUICK = process.argv.includes('--quick');

/** The count a benchmark uses: its full size, or a small one in a quick run. */
export function sized(full: number, quick: number): number {
  return QUICK ? quick : full;
}
