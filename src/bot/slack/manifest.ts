import { stringify } from 'yaml';
import { COMMAND_SPECS } from '../../agent/router/command-specs.js';
import { SLASH_COMMANDS } from './slash-commands.js';

/** The path Bolt's HTTP receiver serves events, commands and interactivity on. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Bot scopes, each for a reason the code needs. */
export const BOT_SCOPES = [
  'app_mentions:read', // app_mention: "@opsbot …" in channels
  'chat:write', // answers, cards, card updates, ephemeral refusals, assistant thread status
  'commands', // the slash commands
  'im:history', // message.im: direct messages
  'channels:history', // message.channels: replies in opsbot's threads in public channels
  'groups:history', // message.groups: the same in private channels
  'channels:manage', // conversations.create / conversations.invite for incident channels
  'usergroups:read', // usergroups.users.list: roles mapped to user groups
  'files:write', // filesUploadV2: charts in the answer's thread
] as const;

/** Bot events opsbot listens to. */
export const BOT_EVENTS = ['app_mention', 'message.im', 'message.channels', 'message.groups'] as const;

// What each slash command is for, as the Slack command picker shows it.
const DESCRIPTIONS: Record<(typeof SLASH_COMMANDS)[number], string> = {
  deploy: 'Deploy a service version (a person with the right role approves), or show deploy history',
  rollback: 'Roll a service back to its previous good version (needs approval)',
  status: 'Service health, running version and load; watch a service for changes',
  oncall: 'Who is on call for a team or a service',
  page: 'Page a person, a team or the incident commander (needs approval)',
  incident: 'List, declare, update or resolve incidents',
  alerts: 'Alerts firing now; silence one (needs approval)',
  runbook: 'Runbook steps for an alert or a service',
  release: 'Prepare or publish a release',
};

/** How the manifest connects: Socket Mode (no public URL), or HTTP at a public base URL. */
export interface ManifestOptions {
  name?: string;
  /** Public base URL for HTTP mode (`https://opsbot.example.com`); absent: Socket Mode. */
  requestUrl?: string;
}

/** A Slack app manifest (https://docs.slack.dev/reference/app-manifest) with everything the Slack front end uses. */
export function slackManifest(options: ManifestOptions = {}): Record<string, unknown> {
  const name = options.name ?? 'opsbot';
  const url = options.requestUrl ? `${options.requestUrl.replace(/\/+$/, '')}${SLACK_EVENTS_PATH}` : undefined;
  return {
    display_information: {
      name,
      description: 'ChatOps: ask about services, deploy, page and run incidents, with every change behind roles and a human approval.',
      background_color: '#1d3557',
    },
    features: {
      app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: name, always_online: true },
      slash_commands: SLASH_COMMANDS.map((command) => ({
        command: `/${command}`,
        description: descriptionOf(command),
        usage_hint: usageHintOf(command),
        should_escape: false,
        ...(url ? { url } : {}),
      })),
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...(url ? { request_url: url } : {}), bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !url,
      token_rotation_enabled: false,
    },
  };
}

/** The manifest as YAML, for `opsbot manifest`. */
export function slackManifestYaml(options: ManifestOptions = {}): string {
  return stringify(slackManifest(options), { lineWidth: 0 });
}

function descriptionOf(command: (typeof SLASH_COMMANDS)[number]): string {
  return DESCRIPTIONS[command];
}

function usageHintOf(command: string): string {
  const forms = COMMAND_SPECS.filter((spec) => spec.command === command).flatMap((spec) => spec.usage.split(' | '));
  return clip(forms.map((form) => form.replace(new RegExp(`^${command}\\s*`), '')).filter(Boolean).join(' | '), 100);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
