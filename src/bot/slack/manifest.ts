import { stringify } from 'yaml';
import { commandSummary, slashCommandNames } from '../../agent/router/index.js';
import { demoConfig } from '../../config/demo-config.js';
import type { Config } from '../../config/schema.js';
import { validateConfig } from '../../app/validate-config.js';
import { grafanaHost } from './link-unfurls.js';

/** The path Bolt's HTTP receiver serves events, commands and interactivity on. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Bot scopes, each for a reason the code needs. */
export const BOT_SCOPES = [
  'app_mentions:read', // app_mention: "@opsbot …" in channels
  'chat:write', // answers, cards, card updates, ephemeral refusals, assistant thread status
  'chat:write.public', // event cards in a routed public channel opsbot was not invited to
  'channels:join', // conversations.join: the outbox joins a routed public channel before posting there
  'commands', // the slash commands
  'im:history', // message.im: direct messages
  'channels:history', // message.channels: replies in opsbot's threads in public channels
  'groups:history', // message.groups: the same in private channels
  'channels:manage', // conversations.create / conversations.invite for incident channels
  'usergroups:read', // usergroups.users.list: roles mapped to user groups
  'files:write', // filesUploadV2: charts in the answer's thread
  'reactions:read', // reaction_added: the note emoji adds a message to its incident's timeline
  'pins:write', // pins.add: the incident briefing stays at the top of its channel
  'assistant:write', // the assistant panel: suggested prompts, thread titles; turns on native streaming and feedback
] as const;

/** Bot events opsbot listens to. */
export const BOT_EVENTS = ['app_mention', 'message.im', 'message.channels', 'message.groups', 'reaction_added', 'assistant_thread_started', 'assistant_thread_context_changed'] as const;

/** With Grafana configured: previews of its links (link_shared → chat.unfurl), only for its host. */
export const UNFURL_SCOPES = ['links:read', 'links:write'] as const;

/** How the manifest connects: Socket Mode (no public URL), or HTTP at a public base URL. */
export interface ManifestOptions {
  name?: string;
  /** Public base URL for HTTP mode (`https://opsbot.example.com`); absent: Socket Mode. */
  requestUrl?: string;
  /** Whose registry names the commands; the command words are the same for every catalog, so the demo's by default. */
  config?: Config;
}

/** A Slack app manifest (https://docs.slack.dev/reference/app-manifest) with everything the Slack front end uses. */
export function slackManifest(options: ManifestOptions = {}): Record<string, unknown> {
  const name = options.name ?? 'opsbot';
  const url = options.requestUrl ? `${options.requestUrl.replace(/\/+$/, '')}${SLACK_EVENTS_PATH}` : undefined;
  const config = options.config ?? validateConfig(demoConfig);
  const unfurlHost = grafanaHost(config);
  // Slack matches unfurl domains without a port.
  const unfurl = unfurlHost ? { unfurl_domains: [unfurlHost.replace(/:\d+$/, '')] } : {};
  return {
    display_information: {
      name,
      description: 'ChatOps: ask about services, deploy, page and run incidents, with every change behind roles and a human approval.',
      background_color: '#1d3557',
    },
    features: {
      app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: name, always_online: true },
      // Slack's side panel for AI apps (native-surfaces.ts); prompts are set per thread from the user's role.
      assistant_view: { assistant_description: 'Ask about your services, who is on call, alerts and deploys.' },
      slash_commands: slashCommandNames(config).map((command) => ({
        command: `/${command}`,
        description: clip(commandSummary(command, config).description, 100),
        usage_hint: clip(commandSummary(command, config).hint, 100),
        should_escape: false,
        ...(url ? { url } : {}),
      })),
      ...unfurl,
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES, ...(unfurlHost ? UNFURL_SCOPES : [])] } },
    settings: {
      event_subscriptions: { ...(url ? { request_url: url } : {}), bot_events: [...BOT_EVENTS, ...(unfurlHost ? ['link_shared'] : [])] },
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

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
