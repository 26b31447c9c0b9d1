import { commandSummary, slashCommandNames } from '../../agent/router/index.js';
import { validateConfig } from '../../app/validate-config.js';
import { demoConfig } from '../../config/demo-config.js';
import type { Config } from '../../config/schema.js';

/** Where the Teams app manifest schema lives; 1.19 knows every field opsbot uses. */
const MANIFEST_VERSION = '1.19';
/** Teams shows at most ten commands per command list, titles up to 32 characters, descriptions up to 128. */
const COMMAND_LIMITS = { commands: 10, title: 32, description: 128 } as const;
/** The scopes opsbot's bot works in: team channels, 1:1 chats, group chats (incident rooms). */
export const BOT_SCOPES = ['team', 'personal', 'groupChat'] as const;

/** What the manifest names: the bot's Entra app id, and the public host its messaging endpoint is on. */
export interface TeamsManifestOptions {
  appId: string;
  /** Public host name (`opsbot.example.com`): Teams' valid domain, and the developer links. */
  host: string;
  name?: string;
  /** Whose registry names the commands; the command words are the same for every catalog, so the demo's by default. */
  config?: Config;
}

/**
 * A Teams app manifest (manifest.json of the app package a team sideloads or publishes to its org catalogue):
 * the bot with its app id in every scope opsbot works in, and the command list from the tool registry, the
 * same words the Slack slash commands use. Zip it with a 192×192 `color.png` and a 32×32 `outline.png`.
 */
export function teamsManifest(options: TeamsManifestOptions): Record<string, unknown> {
  const name = options.name ?? 'opsbot';
  const config = options.config ?? validateConfig(demoConfig);
  const host = options.host.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  const commands = slashCommandNames(config)
    .slice(0, COMMAND_LIMITS.commands)
    .map((command) => ({ title: clip(command, COMMAND_LIMITS.title), description: clip(commandSummary(command, config).description, COMMAND_LIMITS.description) }));
  return {
    $schema: `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: MANIFEST_VERSION,
    version: '1.0.0',
    id: options.appId,
    developer: { name, websiteUrl: `https://${host}`, privacyUrl: `https://${host}/privacy`, termsOfUseUrl: `https://${host}/terms` },
    name: { short: clip(name, 30), full: `${name}: ChatOps` },
    description: {
      short: 'Ask about services, deploy, page and run incidents.',
      full: 'ChatOps: ask about services, deploy, page and run incidents, with every change behind roles and a human approval.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#1D3557',
    bots: [
      {
        botId: options.appId,
        scopes: [...BOT_SCOPES],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [{ scopes: [...BOT_SCOPES], commands }],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [host],
  };
}

/** The manifest as JSON, for `opsbot manifest --platform teams`. */
export function teamsManifestJson(options: TeamsManifestOptions): string {
  return `${JSON.stringify(teamsManifest(options), null, 2)}\n`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
