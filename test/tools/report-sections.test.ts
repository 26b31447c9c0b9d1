import { afterEach, describe, expect, it } from 'vitest';
import { chartOf } from '../../src/charts/chart-spec.js';
import { renderChart } from '../../src/charts/render-chart.js';
import { exactDuration } from '../../src/tools/postmortem-draft.js';
import { buildReport } from '../../src/tools/report-sections.js';
import { minuteClock, scriptedIncident } from '../support/scripted-incident.js';
import { testOpsbot } from '../support/test-opsbot.js';

const report = { name: 'weekly-ops', schedule: '0 9 * * MON', timezone: 'UTC', channel: 'C0OPS', sections: ['deploys', 'alerts', 'oncall'] as Array<'deploys' | 'alerts' | 'oncall'> };

describe('report sections', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('deploys: counts, failures, rollbacks and lead time from request to done, as the audit log has it; with a chart', async () => {
    const now = minuteClock('2026-12-07T10:00:00Z');
    const bot = await testOpsbot({ now, overrides: { reports: [report] } });
    cleanups.push(() => bot.cleanup());
    const from = new Date('2026-12-07T10:00:00Z');
    await scriptedIncident(bot);
    const run = await buildReport(report, { from, to: new Date('2026-12-08T10:00:00Z') }, { backends: bot.backends, config: bot.config });
    const deploys = run.parts.find((part) => part.section === 'deploys')!;
    expect(deploys.failed).toBeUndefined();
    // The scripted incident's one rollback: its lead time is from its proposal to its success in the audit log.
    const [succeeded] = await bot.audit.search({ tool: 'rollback', event: 'succeeded', limit: 5 });
    const [proposed] = await bot.audit.search({ actionId: succeeded!.actionId!, event: 'proposed', limit: 5 });
    const lead = exactDuration(proposed!.at, succeeded!.at);
    expect(lead).not.toBe('0 s');
    expect(deploys.lines).toContain(`lead time, request to done (approval wait and rollout): median ${lead}, longest ${lead} over 1 deploys and rollbacks through opsbot`);
    expect(deploys.lines[0]).toMatch(/^\d+ deploys, \d+ failed, 1 rollbacks$/);
    // The chart marks the rollback, with who asked for it; the alerts panel sits beside it.
    const chart = chartOf({ chart: run.chart })!;
    expect(chart.panels.map((panel) => panel.title)).toEqual(['Deploys and rollbacks', 'Firing alerts']);
    expect(chart.panels[0]!.markers).toContainEqual(expect.objectContaining({ kind: 'rollback', by: 'U00LEAD' }));
    // And it draws: a PNG whose alt text names both panels.
    const drawn = renderChart(chart);
    expect(drawn.png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(drawn.altText).toMatch(/Deploys and rollbacks[\s\S]*Firing alerts/);
  });

  it('deploys: no lead time is invented when nothing went through opsbot', async () => {
    const bot = await testOpsbot({ overrides: { reports: [report] } });
    cleanups.push(() => bot.cleanup());
    const run = await buildReport(report, { from: new Date(Date.now() - 60_000), to: new Date() }, { backends: bot.backends, config: bot.config });
    expect(run.parts[0]!.lines).toContain('lead time, request to done: no deploy or rollback through opsbot finished in this period');
  });

  it('oncall: who is on call next week, which a weekly rotation makes this week\'s backup', async () => {
    const bot = await testOpsbot({ overrides: { reports: [report] } });
    cleanups.push(() => bot.cleanup());
    const to = new Date();
    const run = await buildReport(report, { from: new Date(to.getTime() - 60_000), to }, { backends: bot.backends, config: bot.config });
    const lines = run.parts.find((part) => part.section === 'oncall')!.lines;
    const [now, next] = [await bot.backends.oncall.team('web'), await bot.backends.oncall.team('web', new Date(to.getTime() + 7 * 86_400_000))];
    expect(next.primary.id).toBe(now.backup!.id);
    expect(lines).toContain(`next week (${new Date(to.getTime() + 7 * 86_400_000).toISOString().slice(0, 10)}):`);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  web: ${next.primary.name}, backup `)));
    const commander = await bot.backends.oncall.incidentCommander();
    expect(lines[0]).toBe(`now: incident commander ${commander.person.name} until ${commander.until}`);
  });
});
