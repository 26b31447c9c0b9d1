import { commandSummary, slashCommandNames } from '../../agent/router/index.js';
import { validateConfig } from '../../app/validate-config.js';
import { demoConfig } from '../../config/demo-config.js';
import type { Config } from '../../config/schema.js';
import { ASK_COMMAND } from './interaction-payload.js';

/** Application command types and option types (https://discord.com/developers/docs/interactions/application-commands). */
const CHAT_INPUT = 1;
const STRING_OPTION = 3;
/** Where the commands may be used: servers and the bot's DMs; installed to a server. */
const CONTEXTS = [0, 1];
const GUILD_INSTALL = 0;
/** Discord's rule for command and option names. */
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

/** One application command as `PUT /applications/{id}/commands` takes it. */
export interface DiscordCommand {
  name: string;
  type: number;
  description: string;
  options: Array<{ name: string; type: number; description: string; required: boolean; max_length?: number }>;
  contexts: number[];
  integration_types: number[];
}

/**
 * The commands a Discord application registers: `/opsbot text:…` to ask anything (Discord's stand-in for a
 * mention), and one command per command word of the tool registry, as the Slack manifest has them.
 */
export function discordCommands(config: Config = validateConfig(demoConfig)): DiscordCommand[] {
  const ask: DiscordCommand = {
    name: ASK_COMMAND,
    type: CHAT_INPUT,
    description: 'Ask opsbot about services, deploys, alerts, on-call and incidents',
    options: [{ name: 'text', type: STRING_OPTION, description: 'what to ask or do, in plain words', required: true, max_length: 2000 }],
    contexts: CONTEXTS,
    integration_types: [GUILD_INSTALL],
  };
  const words = slashCommandNames(config).filter((word) => word !== ASK_COMMAND && NAME.test(word) && word === word.toLowerCase());
  return [
    ask,
    ...words.map((word) => {
      const summary = commandSummary(word, config);
      return {
        name: word,
        type: CHAT_INPUT,
        description: clip(summary.description || word, 100),
        options: [{ name: 'text', type: STRING_OPTION, description: clip(summary.hint || 'arguments', 100), required: false, max_length: 2000 }],
        contexts: CONTEXTS,
        integration_types: [GUILD_INSTALL],
      };
    }),
  ];
}

/** The registration body as JSON, for `opsbot manifest --platform discord`. */
export function discordCommandsJson(config?: Config): string {
  return `${JSON.stringify(discordCommands(config), null, 2)}\n`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
