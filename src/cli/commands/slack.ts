import type { Command } from 'commander';
import type { Opsbot } from '../../app.js';
import type { Responder } from '../../agent/responder.js';

/** Registers `opsbot manifest` (Slack app manifest). */
export function registerSlackCommands(_program: Command): void {}

/** Whether the environment holds Slack credentials (then `opsbot` starts Slack instead of the shell). */
export function slackConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.SLACK_BOT_TOKEN && (env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET));
}

/** Starts the Slack front end and resolves when it stops. */
export async function startSlack(_opsbot: Opsbot, _responder: Responder, _env: NodeJS.ProcessEnv): Promise<void> {
  throw new Error('the Slack front end is not available in this build');
}
