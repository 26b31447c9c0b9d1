import { describe, expect, it } from 'vitest';
import { durationWords, peopleTime, peopleTimes, relativeWords } from '../../../src/bot/presenter/times.js';
import { outsideText, slackDate, slackTimes } from '../../../src/bot/slack/mrkdwn.js';

const now = new Date('2026-12-06T14:17:00Z');

describe('times for people', () => {
  it('says a moment as UTC clock time and how long ago or ahead, with the day when it is not today', () => {
    expect(peopleTime('2026-12-06T14:05:12.442Z', now)).toBe('14:05 UTC (12 min ago)');
    expect(peopleTime('2026-12-06T14:32:00Z', now)).toBe('14:32 UTC (in 15 min)');
    expect(peopleTime('2026-12-06T14:16:40Z', now)).toBe('14:16 UTC (just now)');
    expect(peopleTime('2026-12-03T09:00:00Z', now)).toBe('Dec 3, 09:00 UTC (3 days ago)');
    expect(peopleTime('2026-12-06T11:17:00Z', now)).toBe('11:17 UTC (3 hours ago)');
    expect(peopleTime('2025-11-30T08:00:00+02:00', now)).toBe('Nov 30 2025, 06:00 UTC (371 days ago)');
  });

  it('says durations in words, two units at most', () => {
    expect(durationWords(45_000)).toBe('45 seconds');
    expect(durationWords(60_000)).toBe('1 minute');
    expect(durationWords(12 * 60_000)).toBe('12 minutes');
    expect(durationWords(125 * 60_000)).toBe('2 hours 5 minutes');
    expect(durationWords(3 * 60 * 60_000)).toBe('3 hours');
    expect(durationWords((27 * 60 + 10) * 60_000)).toBe('1 day 3 hours');
    expect(relativeWords(new Date(now.getTime() - 26 * 3_600_000), now)).toBe('1 day 2 hours ago');
  });

  it('rewrites every ISO timestamp of a text, and leaves other numbers alone', () => {
    const text = 'deploy v2.4.0 at 2026-12-06T14:05:12.442Z, expires 2026-12-06T14:32:00.000Z; build 2026-12-06 #42';
    expect(peopleTimes(text, now)).toBe('deploy v2.4.0 at 14:05 UTC (12 min ago), expires 14:32 UTC (in 15 min); build 2026-12-06 #42');
  });
});

describe('times in Slack', () => {
  it("uses Slack's date token, so each reader sees their own time zone, with UTC as the fallback", () => {
    expect(slackDate('2026-12-06T14:05:12.442Z')).toBe(`<!date^${Date.parse('2026-12-06T14:05:12Z') / 1000}^{date_short_pretty} {time}|Dec 6 2026, 14:05 UTC>`);
  });

  it('turns timestamps in outside text into date tokens, but writes them out inside code, where a token shows as typed', () => {
    const rendered = outsideText('since 2026-12-06T14:05:12.442Z <!channel> `at 2026-12-06T14:05:12Z`\n```\n2026-12-06T14:05:12Z\n```');
    expect(rendered).toContain('since <!date^');
    expect(rendered).toContain('&lt;!channel&gt;');
    expect(rendered).toContain('`at Dec 6 2026, 14:05 UTC`');
    expect(rendered).toContain('```\nDec 6 2026, 14:05 UTC\n```');
    expect(slackTimes('no times here')).toBe('no times here');
  });
});
