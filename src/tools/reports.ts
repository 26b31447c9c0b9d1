import { z } from 'zod';
import type { Config } from '../config/schema.js';
import { latestSlot, nextSlot, slotBefore } from '../config/report-schedule.js';
import { ToolFailure } from '../errors.js';
import { defineTool } from './define-tool.js';
import { buildReport, reportText } from './report-sections.js';

/** `report_run`: one configured report now, over the period since its last slot; answered where asked. */
export function reportRunTool(config: Config) {
  const names = config.reports.map((report) => report.name);
  return defineTool({
    name: 'report_run',
    group: 'reports',
    commands: [{ command: 'report', usage: 'report run NAME', summary: 'run a configured report now', words: ['run'], roles: { name: 'text' } }],
    title: 'Run a report',
    description: `Run a configured report now (${names.join(', ') || 'none configured'}).`,
    input: z.object({ name: z.string().min(1).max(60) }),
    effect: 'read',
    openWorld: true,
    permission: { verb: 'read', scopes: ['reports'], scopeOf: () => 'reports' },
    describe: (args) => `run report ${args.name}`,
    async run(args, context) {
      const report = context.config.reports.find((candidate) => candidate.name === args.name.toLowerCase());
      if (!report) throw new ToolFailure(`No report "${args.name}". Reports: ${context.config.reports.map((candidate) => candidate.name).join(', ') || 'none configured (reports: in opsbot.yaml)'}.`);
      const to = context.now();
      const from = slotBefore(report.schedule, report.timezone, latestSlot(report.schedule, report.timezone, to) ?? to);
      const run = await buildReport(report, { from, to }, context);
      // The chart rides in `data.chart`, where every front end looks for one (Slack uploads it, MCP sends an image).
      return { text: reportText(run), data: { report: run, ...(run.chart ? { chart: run.chart } : {}) } };
    },
  });
}

/** `report_list`: the configured reports, where each goes and when it runs next. */
export function reportListTool() {
  return defineTool({
    name: 'report_list',
    group: 'reports',
    commands: [{ command: 'report', usage: 'report list', summary: 'configured reports and their next run', words: ['list'] }],
    title: 'List reports',
    description: 'Configured reports and their next run.',
    input: z.object({}),
    effect: 'read',
    permission: { verb: 'read', scopes: ['reports'], scopeOf: () => 'reports' },
    describe: () => 'list reports',
    async run(_args, { config, now }) {
      const reports = config.reports.map((report) => ({ name: report.name, schedule: report.schedule, timezone: report.timezone, channel: report.channel, sections: report.sections, next: nextSlot(report.schedule, report.timezone, now()).toISOString() }));
      const text = reports.length ? reports.map((report) => `${report.name}: '${report.schedule}' ${report.timezone} → ${report.channel} [${report.sections.join(', ')}], next ${report.next}`).join('\n') : 'No reports configured (reports: in opsbot.yaml).';
      return { text, data: { reports } };
    },
  });
}
