import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/app/validate-config.js';
import { demoConfig } from '../../src/config/demo-config.js';
import { issuesOf } from '../support/config-issues.js';

const weekly = { name: 'weekly-ops', schedule: '0 9 * * MON', timezone: 'Europe/Berlin', channel: 'C0OPS', sections: ['status', 'deploys', 'incidents', 'alerts', 'oncall', 'usage'] };

describe('incidents and reports in opsbot.yaml', () => {
  it('reads the keys of issue 23, with defaults', () => {
    const config = validateConfig({ ...demoConfig, incidents: { announceChannel: 'C0INCIDENTS', noteEmoji: 'memo', postmortems: { repo: 'org/postmortems', path: 'postmortems/{date}-{id}.md' } }, reports: [weekly] });
    expect(config.incidents).toEqual({ announceChannel: 'C0INCIDENTS', noteEmoji: 'memo', postmortems: { repo: 'org/postmortems', path: 'postmortems/{date}-{id}.md' } });
    expect(config.reports).toEqual([weekly]);
    expect(validateConfig(demoConfig).incidents).toEqual({ noteEmoji: 'memo' });
    expect(validateConfig({ ...demoConfig, reports: [{ ...weekly, timezone: undefined }] }).reports[0]!.timezone).toBe('UTC');
  });

  it('refuses a misspelt key with its path, a schedule cron cannot read, an unknown time zone and duplicate names', () => {
    expect(issuesOf({ ...demoConfig, incidents: { announceChanel: 'C0X' } })).toEqual([expect.stringMatching(/^incidents\.announceChanel: unknown key.*announceChannel/)]);
    expect(issuesOf({ ...demoConfig, reports: [{ ...weekly, schedule: '0 9 * MON' }] })).toEqual([expect.stringMatching(/^reports\[0\]\.schedule: .*five fields/)]);
    expect(issuesOf({ ...demoConfig, reports: [{ ...weekly, schedule: '0 9 * * FUNDAY' }] })).toEqual([expect.stringMatching(/^reports\[0\]\.schedule: .*not a cron schedule/)]);
    expect(issuesOf({ ...demoConfig, reports: [{ ...weekly, timezone: 'Europe/Atlantis' }] })).toEqual([expect.stringMatching(/^reports\[0\]\.timezone: unknown time zone/)]);
    expect(issuesOf({ ...demoConfig, reports: [weekly, weekly] })).toEqual([expect.stringMatching(/^reports\[1\]\.name: duplicate report "weekly-ops"/)]);
    expect(issuesOf({ ...demoConfig, reports: [{ ...weekly, sections: ['status', 'weather'] }] })).toEqual([expect.stringMatching(/^reports\[0\]\.sections\[1\]/)]);
  });
});
