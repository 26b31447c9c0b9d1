import { CronExpressionParser } from 'cron-parser';

/** The latest slot of `schedule` (cron, read in `timezone`) at or before `at`; undefined for an invalid schedule. */
export function latestSlot(schedule: string, timezone: string, at: Date): Date | undefined {
  // One millisecond on, so a slot exactly at `at` counts as due.
  return CronExpressionParser.parse(schedule, { currentDate: new Date(at.getTime() + 1), tz: timezone }).prev().toDate();
}

/** The first slot after `at`. */
export function nextSlot(schedule: string, timezone: string, at: Date): Date {
  return CronExpressionParser.parse(schedule, { currentDate: at, tz: timezone }).next().toDate();
}

/** The slot before `slot` (the start of the period a report at `slot` covers). */
export function slotBefore(schedule: string, timezone: string, slot: Date): Date {
  return CronExpressionParser.parse(schedule, { currentDate: slot, tz: timezone }).prev().toDate();
}

/** Why a schedule or time zone cannot be used, or undefined when both can. Five fields: minute hour day month weekday. */
export function scheduleProblem(schedule: string, timezone: string): string | undefined {
  if (schedule.trim().split(/\s+/).length !== 5) return `"${schedule}" must have five fields (minute hour day-of-month month day-of-week)`;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    return `unknown time zone "${timezone}" (an IANA name like Europe/Berlin)`;
  }
  try {
    nextSlot(schedule, timezone, new Date());
    return undefined;
  } catch (error) {
    return `"${schedule}" is not a cron schedule: ${error instanceof Error ? error.message : String(error)}`;
  }
}
