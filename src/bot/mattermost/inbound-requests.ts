import type { InboundRequest } from '../conversation/port.js';
import { sameSecret, verifyAction } from './action-signature.js';

/** The paths Mattermost calls: the slash command's request URL and the buttons' integration URL. */
export const COMMAND_PATH = '/mattermost/command';
export const ACTION_PATH = '/mattermost/action';

/**
 * A slash command as Mattermost POSTs it (form-encoded; https://developers.mattermost.com/integrate/slash-commands/custom/):
 * the command's token, where it was typed and by whom.
 */
export interface SlashCommandRequest {
  token: string;
  command: string;
  text: string;
  userId: string;
  userName: string;
  channelId: string;
  channelName: string;
  teamId: string;
}

/** A button click as Mattermost POSTs it to `integration.url` (JSON), with the context the button was posted with. */
export interface ActionCallback {
  userId: string;
  channelId: string;
  postId: string;
  teamId: string;
  context: Record<string, unknown>;
}

/** The form fields of a slash command, or undefined when the body is not one. */
export function parseSlashCommand(rawBody: Buffer): SlashCommandRequest | undefined {
  const form = new URLSearchParams(rawBody.toString('utf8'));
  const field = (name: string): string => form.get(name) ?? '';
  if (!field('user_id') || !field('channel_id')) return undefined;
  return {
    token: field('token'),
    command: field('command'),
    text: field('text'),
    userId: field('user_id'),
    userName: field('user_name'),
    channelId: field('channel_id'),
    channelName: field('channel_name'),
    teamId: field('team_id'),
  };
}

/** The JSON of a button click, or undefined when the body is not one. */
export function parseActionCallback(rawBody: Buffer): ActionCallback | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!body || typeof body !== 'object') return undefined;
  const text = (name: string): string => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const context = body.context && typeof body.context === 'object' ? (body.context as Record<string, unknown>) : {};
  if (!text('user_id') || !text('post_id')) return undefined;
  return { userId: text('user_id'), channelId: text('channel_id'), postId: text('post_id'), teamId: text('team_id'), context };
}

/**
 * Whether a request really came through Mattermost: a slash command carries the command's token (in the form, and
 * as `Authorization: Token …`), a click carries opsbot's own signature in its context. Both compared in constant time.
 */
export function verifyInbound(request: InboundRequest, secrets: { commandToken: string; actionSecret: string }): boolean {
  // An unset secret would make an empty token or a key-less signature pass: nothing is accepted then.
  if (request.method !== 'POST' || !secrets.commandToken || !secrets.actionSecret) return false;
  if (request.path === COMMAND_PATH) {
    const command = parseSlashCommand(request.rawBody);
    if (!command) return false;
    const header = /^Token\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    // Either place will do (older servers send only the form field), but a header that disagrees is refused.
    if (header !== undefined && !sameSecret(secrets.commandToken, header)) return false;
    return sameSecret(secrets.commandToken, command.token);
  }
  if (request.path === ACTION_PATH) {
    const click = parseActionCallback(request.rawBody);
    return click !== undefined && verifyAction(secrets.actionSecret, click.context.action_id, click.context.value, click.context.sig);
  }
  return false;
}
