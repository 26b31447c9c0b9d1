import type { Command } from 'commander';
import type { Opsbot } from '../../app.js';
import type { Responder } from '../../agent/responder.js';
import type { Config } from '../../config/schema.js';
import type { GroupDirectory } from '../../backends/ports/user-groups.js';

// Bolt and the Slack front end load only when used: every other command starts without them.

/** Registers `opsbot manifest` (Slack app manifest). */
export function registerSlackCommands(program: Command): void {
  program
    .command('manifest')
    .description('print a Slack app manifest (YAML) with the scopes, events, slash commands and interactivity opsbot needs')
    .option('--request-url <url>', 'public base URL for HTTP mode, e.g. https://opsbot.example.com (default: Socket Mode)')
    .option('--name <name>', 'app and bot user name', 'opsbot')
    .option('--platform <platform>', 'slack (app manifest) or discord (the PUT /applications/{id}/commands body)', 'slack')
    .action(async (options: { requestUrl?: string; name: string; platform: string }) => {
      if (options.platform === 'discord') {
        const { discordCommandsJson } = await import('../../bot/discord/discord-commands.js');
        process.stdout.write(discordCommandsJson());
        return;
      }
      if (options.platform !== 'slack') throw new Error(`--platform ${options.platform}: expected slack or discord`);
      const { slackManifestYaml } = await import('../../bot/slack/manifest.js');
      process.stdout.write(slackManifestYaml({ name: options.name, requestUrl: options.requestUrl }));
    });
}

/** Whether the environment holds Slack credentials (then `opsbot` starts Slack instead of the shell). */
export function slackConfigured(env: NodeJS.ProcessEnv): boolean {
  // Presence only: a malformed value (PORT) is reported by startSlack with its reason, not taken as "no Slack".
  return Boolean(env.SLACK_BOT_TOKEN && (env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET));
}

/** Slack user-group membership for roles mapped to groups, when Slack is configured (see bot/slack/start-slack.ts). */
export async function slackGroupDirectory(env: NodeJS.ProcessEnv, config: Pick<Config, 'policies'>): Promise<GroupDirectory | undefined> {
  if (!slackConfigured(env) || Object.keys(config.policies.groups).length === 0) return undefined;
  const { slackGroupDirectory: create } = await import('../../bot/slack/start-slack.js');
  return create(env, config);
}

/** Starts the Slack front end; the caller runs it as a service until a signal and then stops it. */
export async function startSlack(opsbot: Opsbot, responder: Responder, env: NodeJS.ProcessEnv): Promise<{ stop(): Promise<void> }> {
  const { startSlackService } = await import('../../bot/slack/start-slack.js');
  return startSlackService(opsbot, responder, env);
}
