import type { Command } from 'commander';
import { OpsbotError } from '../../errors.js';
import { print, printJson } from '../print.js';

/** Registers `opsbot doctor [--json]`: exit 0 when every configured system is usable, 1 otherwise. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check every configured backend with real requests: what opsbot found, and what to change')
    .option('--json', 'print the report as one JSON object: { usable, checks }')
    .action(async (options: { json?: boolean }) => {
      const [{ loadConfig }, { runDoctor }, { formatReport }] = await Promise.all([import('../../app/load-config.js'), import('../../app/doctor/run-doctor.js'), import('../../app/doctor/doctor-report.js')]);
      const loaded = loadConfig();
      const report = await runDoctor({ config: loaded.config, env: process.env });
      if (options.json) printJson(report);
      else print(`Config: ${loaded.source}\n${formatReport(report)}`);
      // Exit 1 through the error sink: scripts read the status, people the line on stderr.
      if (!report.usable) throw new OpsbotError('not_done', `doctor found ${report.checks.filter((check) => check.status === 'problem').length} problem(s); see the report above`);
    });
}
