import { clockTime, ISO_TIMESTAMP } from '../presenter/times.js';

/** Text helpers for Slack's mrkdwn, where only `&`, `<` and `>` are control characters. */

/**
 * Escapes text we did not write (arguments, titles, labels, tool output) so it cannot form links or mentions: the
 * one function every field reaching Slack text goes through, the `text` fallback and `<!date^…|fallback>` included.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Turns broadcast mentions (`<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^…>`) into plain text, so a
 * reply that echoes what someone typed can never notify a whole channel or user group on opsbot's behalf.
 */
export function neutralizeBroadcasts(text: string): string {
  return text.replace(/<!(channel|here|everyone)(?:\|[^>]*)?>/g, '@$1').replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_match, label: string | undefined) => label ?? '@group');
}

/**
 * Text opsbot did not write itself (a tool's result, a reply, a model's answer) made safe for every field
 * Slack renders, the top-level `text` fallback included: everything is escaped, so `<!channel>`, `<!here>`
 * and a disguised link like `<https://evil.example|click me>` show as typed and notify or link nothing.
 * Plain user and channel mentions (`<@U00LEAD>`, `<#C0OPS>`) stay live: tools name people and channels that way.
 * ISO timestamps become Slack dates (each reader's own time zone).
 */
export function outsideText(text: string): string {
  return slackTimes(escapeMrkdwn(text).replace(/&lt;(@[UW][A-Z0-9]{2,}|#C[A-Z0-9]{2,})&gt;/g, '<$1>'));
}

/** Cuts text to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/** Renders user ids (`U00LEAD`) found in already escaped text as mentions; ids always carry a digit, which keeps words like `UTC` alone. */
export function mentionUserIds(escapedText: string): string {
  return escapedText.replace(/\b([UW](?=[A-Z0-9]*\d)[A-Z0-9]{2,})\b/g, '<@$1>');
}

/**
 * A timestamp each reader sees in their own time zone (`{date_short_pretty} {time}`: "Today at 2:05 PM"), with
 * the UTC time as the fallback where Slack cannot render the token (notifications, some clients).
 */
export function slackDate(iso: string): string {
  const at = new Date(iso);
  const seconds = Math.floor(at.getTime() / 1000);
  if (!Number.isFinite(seconds)) return escapeMrkdwn(iso);
  return `<!date^${seconds}^{date_short_pretty} {time}|${clockTime(at, new Date(0))}>`;
}

// Code spans and fences show a date token as typed, so times inside them are written out instead.
const CODE = /(```[\s\S]*?(?:```|$)|`[^`\n]*`)/;

/** Every ISO timestamp in mrkdwn as a Slack date, or as plain UTC inside code. */
export function slackTimes(mrkdwn: string): string {
  return mrkdwn
    .split(CODE)
    .map((part, index) => part.replace(ISO_TIMESTAMP, (iso) => (index % 2 === 1 ? clockTime(new Date(iso), new Date(0)) : slackDate(iso))))
    .join('');
}

/**
 * A link we make to a URL we were given: only http(s), with the characters that would end or relabel the
 * `<url|label>` percent-encoded, and the label escaped. Anything else is shown as the escaped label alone.
 */
export function slackLink(url: string, label: string): string {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return escapeMrkdwn(label);
  const safe = url.replace(/[<>|]/g, (character) => encodeURIComponent(character)).replace(/&/g, '&amp;');
  return `<${safe}|${escapeMrkdwn(label)}>`;
}
