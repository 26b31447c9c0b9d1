const WEEK_MS = 7 * 86_400_000;

/** Who holds each slot of a weekly rotation at one moment, and when the week ends. */
export interface RotationWeek {
  primary: string;
  backup: string | null;
  shadow: string | null;
  until: Date;
}

/**
 * Weekly rotation counted from `rotationStart`: primary is rotation[w % n], backup the next, shadow the one
 * after; slots that would repeat someone (a rotation shorter than three) stay empty.
 */
export function rotationWeek(rotation: string[], rotationStart: string, at: Date): RotationWeek {
  const start = Date.parse(rotationStart);
  if (Number.isNaN(start)) throw new Error(`invalid rotationStart "${rotationStart}" (expected an ISO date like 2026-01-05)`);
  if (rotation.length === 0) throw new Error('a rotation needs at least one person');
  const week = Math.floor((at.getTime() - start) / WEEK_MS);
  const count = rotation.length;
  const slot = (offset: number) => rotation[(((week + offset) % count) + count) % count]!;
  return {
    primary: slot(0),
    backup: count >= 2 ? slot(1) : null,
    shadow: count >= 3 ? slot(2) : null,
    until: new Date(start + (week + 1) * WEEK_MS),
  };
}
