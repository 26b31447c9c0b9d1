import { Command, CommanderError } from 'commander';
import { ConfigError, OpsbotError } from '../errors.js';
import { redactText } from '../util/redact.js';
import { terminalSafe } from '../util/terminal-text.js';
import { registerActionsCommand } from './commands/actions.js';
import { registerAskCommand } from './commands/ask.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerChartCommand } from './commands/chart.js';
import { registerConfigCommands } from './commands/config.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerDeliveriesCommands } from './commands/deliveries.js';
import { registerMcpCommand } from './commands/mcp.js';
import { registerPolicyCommands } from './commands/policy.js';
import { registerResolveCommands } from './commands/resolve-action.js';
import { registerShellCommand } from './commands/shell.js';
import { registerSlackCommands } from './commands/slack.js';
import { registerReportCommands } from './commands/reports.js';
import { registerStartCommand } from './commands/start.js';

// Exit codes: 1 = what was asked was not done (refused, not pending, failed, broken chain); 2 = bad input or config.
const EXIT_NOT_DONE = 1;
const EXIT_BAD_INPUT = 2;
const EXIT_INTERNAL = 70;
const BAD_INPUT_CODES = new Set(['usage', 'config_invalid']);

/** The `opsbot` command line: every subcommand registered on one program. */
export function buildProgram(): Command {
  const program = new Command('opsbot')
    .description('ChatOps agent: ask and operate from Slack, a terminal or an IDE, with every change behind RBAC, human approval and a tamper-evident audit log.')
    .version('0.1.0')
    .showHelpAfterError()
    // Options after a subcommand belong to it (`opsbot shell --offline`), not to the bare `opsbot`.
    .enablePositionalOptions()
    // Errors reach the sink below instead of commander calling process.exit, so the store is always closed first.
    .exitOverride();
  registerStartCommand(program);
  registerShellCommand(program);
  registerAskCommand(program);
  registerResolveCommands(program);
  registerActionsCommand(program);
  registerDeliveriesCommands(program);
  registerPolicyCommands(program);
  registerAuditCommands(program);
  registerConfigCommands(program);
  registerDoctorCommand(program);
  registerMcpCommand(program);
  registerSlackCommands(program);
  registerChartCommand(program);
  registerReportCommands(program);
  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    return report(error);
  }
}

/** The one error sink: expected errors are a message and an exit code, never a stack; secrets are scrubbed. */
function report(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT; // commander printed it already
  if (error instanceof ConfigError) {
    process.stderr.write(terminalSafe(`opsbot: invalid configuration (${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}):\n${error.issues.map((issue) => `${redactText(issue)}\n`).join('')}`));
    return EXIT_BAD_INPUT;
  }
  if (error instanceof OpsbotError) {
    process.stderr.write(terminalSafe(`opsbot: ${redactText(error.message)}\n`));
    return BAD_INPUT_CODES.has(error.code) ? EXIT_BAD_INPUT : EXIT_NOT_DONE;
  }
  const detail = error instanceof Error ? (process.env.OPSBOT_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
  process.stderr.write(terminalSafe(`opsbot: unexpected error: ${redactText(detail)}${process.env.OPSBOT_DEBUG ? '' : ' (set OPSBOT_DEBUG=1 for the stack)'}\n`));
  return EXIT_INTERNAL;
}

// A reader that stops early (`opsbot audit tail | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv);
