import type { DiscordRest } from './discord-rest.js';

/** What an invited person may do in an incident channel: see it, read its history, write and attach files. */
const INVITED = (1n << 10n) | (1n << 11n) | (1n << 15n) | (1n << 16n); // VIEW_CHANNEL, SEND_MESSAGES, ATTACH_FILES, READ_MESSAGE_HISTORY
/** Permission overwrite target types: a role or a member. */
const MEMBER = 1;
const GUILD_TEXT = 0;

/**
 * Opens a text channel in a server (an incident war room). Discord has no "invite to a channel": a member
 * overwrite granting the channel's permissions is how a person is given it, whatever their roles allow.
 */
export async function openGuildChannel(rest: DiscordRest, guild: string, name: string, options: { topic?: string; invite: string[] }): Promise<string> {
  const channel = await rest.call<{ id: string }>({
    method: 'POST',
    path: `/guilds/${guild}/channels`,
    json: {
      name: channelName(name),
      type: GUILD_TEXT,
      ...(options.topic ? { topic: options.topic.slice(0, 1024) } : {}),
      permission_overwrites: [...new Set(options.invite)].map((user) => ({ id: user, type: MEMBER, allow: INVITED.toString(), deny: '0' })),
    },
  });
  return channel.id;
}

/** Discord text channel names are lower case without spaces, 1–100 characters. */
function channelName(name: string): string {
  return name.toLowerCase().replace(/\s+/g, '-').slice(0, 100) || 'incident';
}
