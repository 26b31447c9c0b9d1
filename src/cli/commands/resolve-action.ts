import type { Command } from 'commander';
import { OpsbotError } from '../../errors.js';
import type { ResolveOutcome } from '../../actions/outcomes.js';
import { renderActionEvent, renderResolveOutcome } from '../../bot/presenter/text.js';
import { requireIdentity } from './identity.js';
import { withOpsbot } from './open-opsbot.js';
import { print } from '../print.js';

/** Registers `opsbot confirm ID --as USER` and `opsbot reject ID --as USER`. */
export function registerResolveCommands(program: Command): void {
  for (const verb of ['confirm', 'reject'] as const) {
    program
      .command(verb)
      .description(verb === 'confirm' ? 'approve a pending action and run it (waits until it finishes)' : 'reject a pending action (the requester withdrawing it cancels it)')
      .argument('<id>', 'the action id (act_…)')
      .option('--as <user>', 'act as this user id (default: OPSBOT_USER)')
      .action(async (id: string, options: { as?: string }) => {
        const actor = requireIdentity(options.as, process.env);
        const outcome = await withOpsbot(async (opsbot) => {
          // Transitions and the tool's own progress (deploy percentages) are what the person sees while it runs.
          const stop = opsbot.gateway.onActionChange((action, event) => {
            if (action.id === id && (event === 'approved' || event === 'running')) print(renderActionEvent(action, event));
          });
          try {
            const origin = { frontEnd: 'cli' as const, via: 'command' as const };
            const progress = (message: string) => print(`… ${message}`);
            return verb === 'confirm' ? await opsbot.gateway.confirm(id, actor, origin, { progress }) : await opsbot.gateway.reject(id, actor, origin);
          } finally {
            stop();
          }
        });
        report(outcome);
      });
  }
}

/** Prints what happened; anything short of "done as asked" is an error exit, with the reason. */
function report(outcome: ResolveOutcome): void {
  if (outcome.status === 'denied') throw new OpsbotError('denied', outcome.text);
  if (outcome.status === 'not_pending') throw new OpsbotError('not_pending', outcome.text);
  if (outcome.status === 'executed' && outcome.action.state !== 'succeeded') throw new OpsbotError('action_failed', renderResolveOutcome(outcome));
  print(renderResolveOutcome(outcome));
}
