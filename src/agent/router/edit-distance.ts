/**
 * Edit distance with swapped neighbours as one edit (optimal string alignment), enough for short names and
 * command words: "frontnd" is 1 from "frontend", and so is "depoly" from "deploy".
 */
export function distance(left: string, right: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      let best = Math.min(previous[column]! + 1, current[column - 1]! + 1, previous[column - 1]! + (left[row - 1] === right[column - 1] ? 0 : 1));
      if (row > 1 && column > 1 && left[row - 1] === right[column - 2] && left[row - 2] === right[column - 1]) best = Math.min(best, before[column - 2]! + 1);
      current[column] = best;
    }
    before = previous;
    previous = current;
  }
  return previous[right.length]!;
}
