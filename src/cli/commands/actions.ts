import type { Command } from 'commander';
import { renderActionLine } from '../../bot/presenter/text.js';
import { actionView } from '../../bot/presenter/action-view.js';
import { withOpsbot } from './open-opsbot.js';
import { print, printJson } from '../print.js';

/** Registers `opsbot actions [--json] [-n N]`: pending and recent actions with their states. */
export function registerActionsCommand(program: Command): void {
  program
    .command('actions')
    .description('pending and recent actions with their states, newest first')
    .option('-n, --limit <count>', 'how many', (value) => Number.parseInt(value, 10), 20)
    .option('--json', 'print one JSON object: { actions }')
    .action(async (options: { limit: number; json?: boolean }) => {
      await withOpsbot(async (opsbot) => {
        const actions = await opsbot.gateway.listActions(Number.isFinite(options.limit) && options.limit > 0 ? options.limit : 20);
        if (options.json) printJson({ actions: actions.map(actionView) });
        else print(actions.length ? actions.map((action) => renderActionLine(action)).join('\n') : 'No actions yet.');
      });
    });
}
