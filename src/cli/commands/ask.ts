import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { createResponder } from '../../agent/create-responder.js';
import { actionView } from '../../bot/presenter/action-view.js';
import { plainMentions, renderReply } from '../../bot/presenter/text.js';
import { resolveIdentity } from './identity.js';
import { withOpsbot } from './open-opsbot.js';
import { print, printError, printJson } from '../print.js';

/** Registers `opsbot ask "TEXT" [--as USER] [--json] [--offline]`: one message, one reply. */
export function registerAskCommand(program: Command): void {
  program
    .command('ask')
    .description('send one message and print the reply (e.g. opsbot ask "how\'s frontend load?")')
    .argument('<text...>', 'the message')
    .option('--as <user>', 'act as this user id (default: OPSBOT_USER, else the least privileged configured user)')
    .option('--json', 'print one JSON object: { reply, actions }')
    .option('--offline', 'use the offline command router even when a language model is configured')
    .action(async (words: string[], options: { as?: string; json?: boolean; offline?: boolean }) => {
      await withOpsbot(async (opsbot) => {
        const actor = resolveIdentity(options.as, process.env, opsbot.config).user;
        const responder = await createResponder(opsbot, { offline: options.offline });
        const reply = await responder.respond({
          text: words.join(' '),
          actor,
          origin: { frontEnd: 'cli', conversationId: `cli:${randomBytes(4).toString('hex')}` },
          // Progress goes to stderr so --json output stays exactly one object.
          onProgress: (note) => printError(`… ${note}`),
        });
        if (options.json) {
          // `reply` is what a person would read (words, then each card as text); `actions` the same proposals as data.
          printJson({ reply: renderReply(reply, { iso: true }), actions: reply.actions.map(actionView) });
          return;
        }
        print(plainMentions(renderReply(reply), opsbot.config.people));
        for (const action of reply.actions) print(`To approve: opsbot confirm ${action.id} --as APPROVER (${action.approval.summary}); to withdraw: opsbot reject ${action.id} --as ${action.requester}`);
      });
    });
}
