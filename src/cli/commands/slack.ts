import { Option, type Command } from 'commander';
import type { Opsbot } from '../../app.js';
import type { Responder } from '../../agent/responder.js';
import type { Config } from '../../config/schema.js';
import type { GroupDirectory } from '../../backends/ports/user-groups.js';

// Bolt and the Slack front end load only when used: every other command starts without them.

/** Registers `opsbot manifest` (Slack app manifest; `--platform teams` for the Teams app manifest). */
export function registerSlackCommands(program: Command): void {
  program
    .command('manifest')
    .description('print a Slack app manifest (YAML) with the scopes, events, slash commands and interactivity opsbot needs; --platform teams prints the Teams manifest.json, --platform discord the application commands (PUT /applications/{id}/commands body)')
    .addOption(new Option('--platform <platform>', 'whose manifest').choices(['slack', 'teams', 'discord']).default('slack'))
    .option('--request-url <url>', 'public base URL: Slack HTTP mode (default: Socket Mode); for Teams, the host of https://<host>/api/messages')
    .option('--app-id <id>', 'Teams: the Azure Bot\'s Microsoft App ID (default: $TEAMS_APP_ID)')
    .option('--name <name>', 'app and bot user name', 'opsbot')
    .action(async (options: { platform: string; requestUrl?: string; appId?: string; name: string }, command: Command) => {
      if (options.platform === 'teams') {
        const appId = options.appId ?? process.env.TEAMS_APP_ID;
        if (!appId || !options.requestUrl) command.error('error: --platform teams needs --request-url https://<host> and --app-id (or TEAMS_APP_ID)');
        const { teamsManifestJson } = await import('../../bot/teams/teams-manifest.js');
        process.stdout.write(teamsManifestJson({ appId, host: options.requestUrl, name: options.name }));
        return;
      }
      if (options.platform === 'discord') {
        const { discordCommandsJson } = await import('../../bot/discord/discord-commands.js');
        process.stdout.write(discordCommandsJson());
        return;
      }
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
export async function startSlack(opsbot: Opsbot, responder: Responder, env: NodeJS.ProcessEnv): Promise<import('../../bot/slack/start-slack.js').SlackService> {
  const { startSlackService } = await import('../../bot/slack/start-slack.js');
  return startSlackService(opsbot, responder, env);
}
