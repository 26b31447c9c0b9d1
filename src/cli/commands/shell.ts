import type { Command } from 'commander';
import type { Opsbot } from '../../app.js';
import { createResponder, offlineReason } from '../../agent/create-responder.js';
import type { Responder } from '../../agent/responder.js';
import { CommandRouter } from '../../agent/router/index.js';
import { runShell } from '../../bot/shell/run-shell.js';
import { resolveIdentity } from './identity.js';
import { storageLabel, withOpsbot } from './open-opsbot.js';

/** Registers `opsbot shell [--as USER] [--offline]`. */
export function registerShellCommand(program: Command): void {
  program
    .command('shell')
    .description('interactive terminal chat; /as USER switches identity, y/n answers confirmation cards')
    .option('--as <user>', 'act as this user id (default: OPSBOT_USER, else the least privileged configured user)')
    .option('--offline', 'use the offline command router even when a language model is configured')
    .action(async (options: { as?: string; offline?: boolean }) => {
      await withOpsbot(async (opsbot) => startShell(opsbot, await createResponder(opsbot, { offline: options.offline }), options));
    });
}

/** Runs the shell on this process's terminal until end of input or /quit. */
export async function startShell(opsbot: Opsbot, responder: Responder, options: { as?: string; offline?: boolean }, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const identity = resolveIdentity(options.as, env, opsbot.config);
  const users = Object.keys(opsbot.config.policies.users);
  const banner = [
    `opsbot shell · config: ${opsbot.configSource} · storage: ${storageLabel(env)} · language model: ${languageModelLabel(responder, opsbot, options.offline)}`,
    ...(identity.source === 'default' ? [`Acting as ${identity.user}, the least privileged configured user (pick with --as USER or OPSBOT_USER; users: ${users.join(', ')}).`] : []),
  ];
  // An incident declared here gets its room on a chat platform this process can post to (none listens here).
  const chatLog = (line: string) => void process.stderr.write(`opsbot: ${line}\n`);
  const { chat } = opsbot.config;
  const rooms = env.SLACK_BOT_TOKEN || chat.teams || chat.mattermost || chat.discord ? await (await import('../../bot/outbound-rooms.js')).outboundRooms(opsbot, env, { info: chatLog, warn: chatLog, error: chatLog }) : undefined;
  await runShell({ opsbot, responder, actor: identity.user, input: process.stdin, output: process.stdout, banner, ...(rooms ? { rooms } : {}) });
}

/** Whether answers come from the model, and if not, why; mirrors createResponder's choice and never shows the key. */
export function languageModelLabel(responder: Responder, opsbot: Opsbot, offline: boolean | undefined): string {
  if (offline || responder instanceof CommandRouter) return 'off (--offline; offline command router)';
  const missing = offlineReason(responder);
  if (missing) return `off (${missing.replace(/ is not set$/, ' not set')}; offline command router)`;
  const { provider, model } = opsbot.config.agent;
  return `on (${provider === 'anthropic' ? '' : `${provider} · `}${model}; the offline command router answers if the API is down)`;
}
