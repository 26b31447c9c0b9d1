import { slashCommandNames } from '../../agent/router/index.js';
import type { Config } from '../../config/schema.js';
import { COMMAND_PATH } from './inbound-requests.js';

/** Autocomplete text Mattermost shows under the command; longer is cut by the client, so it stays short. */
const HINT_MAX = 120;

/**
 * The slash command an admin adds in Mattermost (*Integrations → Slash Commands*), in the field names of
 * API v4's `POST /api/v4/commands`. One trigger, `/opsbot`, takes every command word of the registry after it
 * (`/opsbot deploy …`, `/opsbot status …`); `/opsbot help` lists the ones the person may run, since help is
 * answered under their roles.
 */
export interface MattermostSlashCommand {
  trigger: string;
  method: 'P';
  url: string;
  display_name: string;
  description: string;
  auto_complete: true;
  auto_complete_desc: string;
  auto_complete_hint: string;
}

export function mattermostSlashCommand(config: Config, publicUrl: string): MattermostSlashCommand {
  const words = ['help', ...slashCommandNames(config).filter((word) => word !== 'help')];
  let hint = '';
  for (const word of words) {
    const next = hint ? `${hint} | ${word}` : word;
    if (next.length + 6 > HINT_MAX) {
      hint = `${hint} | …`;
      break;
    }
    hint = next;
  }
  return {
    trigger: 'opsbot',
    method: 'P',
    url: `${publicUrl.replace(/\/+$/, '')}${COMMAND_PATH}`,
    display_name: 'opsbot',
    description: 'ChatOps: ask about services, deploy, page and run incidents, every change behind roles and a human approval.',
    auto_complete: true,
    auto_complete_desc: 'Ask opsbot; /opsbot help lists what you may run.',
    auto_complete_hint: `[${hint}]`,
  };
}
