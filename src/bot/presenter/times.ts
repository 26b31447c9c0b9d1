/**
 * Times and durations for people. Data keeps ISO strings (the store, `--json`, MCP structured content, what a
 * model reads); what a person reads says "14:05 UTC (12 min ago)", or in Slack a date token each reader sees in
 * their own time zone. Text written elsewhere (a tool's answer, a model's reply) is rewritten here, so no
 * front end shows a raw `2026-12-06T12:30:20.442Z`.
 */

/** An ISO 8601 timestamp with a time of day and a zone, as JavaScript and most APIs write them. */
export const ISO_TIMESTAMP = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})\b/g;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** `45 seconds`, `12 minutes`, `2 hours 5 minutes`, `3 days 4 hours`: the two largest units, in words. */
export function durationWords(milliseconds: number): string {
  const ms = Math.max(0, Math.abs(milliseconds));
  const unit = (count: number, name: string) => `${count} ${name}${count === 1 ? '' : 's'}`;
  if (ms < MINUTE_MS) return unit(Math.round(ms / 1000), 'second');
  const minutes = Math.round(ms / MINUTE_MS);
  if (minutes < 60) return unit(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return [unit(hours, 'hour'), minutes % 60 ? unit(minutes % 60, 'minute') : ''].filter(Boolean).join(' ');
  const days = Math.floor(hours / 24);
  return [unit(days, 'day'), hours % 24 ? unit(hours % 24, 'hour') : ''].filter(Boolean).join(' ');
}

/** `12 min ago`, `in 15 min`, `3 hours ago`, `just now`: how far a moment is from now. */
export function relativeWords(at: Date, now: Date): string {
  const difference = at.getTime() - now.getTime();
  const distance = Math.abs(difference);
  if (distance < MINUTE_MS) return 'just now';
  const words = distance < HOUR_MS ? `${Math.round(distance / MINUTE_MS)} min` : distance < 2 * DAY_MS ? durationWords(Math.round(distance / HOUR_MS) * HOUR_MS) : durationWords(Math.round(distance / DAY_MS) * DAY_MS);
  return difference < 0 ? `${words} ago` : `in ${words}`;
}

/** `14:05 UTC` today, `Dec 6, 14:05 UTC` another day, `Dec 6 2025, 14:05 UTC` another year (all in UTC). */
export function clockTime(at: Date, now: Date): string {
  const clock = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC`;
  const sameDay = at.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
  if (sameDay) return clock;
  const day = `${MONTHS[at.getUTCMonth()]} ${at.getUTCDate()}`;
  return at.getUTCFullYear() === now.getUTCFullYear() ? `${day}, ${clock}` : `${day} ${at.getUTCFullYear()}, ${clock}`;
}

/** `14:05 UTC (12 min ago)`: a moment for a person reading plain text (shell, CLI, Teams, …). */
export function peopleTime(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (!Number.isFinite(at.getTime())) return iso;
  return `${clockTime(at, now)} (${relativeWords(at, now)})`;
}

/** Every ISO timestamp in a text, as `peopleTime` says it. */
export function peopleTimes(text: string, now: Date = new Date()): string {
  return text.replace(ISO_TIMESTAMP, (iso) => peopleTime(iso, now));
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
