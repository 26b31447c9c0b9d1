import { randomBytes } from 'node:crypto';
import { mattermostId, type FakeMattermostServer } from './fake-mattermost-server.js';

/**
 * What a Mattermost server sends to an integration, as the fake server would: slash-command form posts
 * (https://developers.mattermost.com/integrate/slash-commands/custom/) and button clicks POSTed to a button's
 * `integration.url` with its stored context, the integration's answer applied as Mattermost applies it.
 */

/** A person types `/trigger text` in a channel: Mattermost POSTs the form to the command's request URL. */
export async function sendSlashCommand(server: FakeMattermostServer, input: { url: string; token: string; user: string; channel: string; text: string; trigger?: string }): Promise<{ status: number; body: string }> {
  const channel = server.channels.get(input.channel);
  const form = new URLSearchParams({
    channel_id: input.channel,
    channel_name: channel?.name ?? '',
    command: `/${input.trigger ?? 'opsbot'}`,
    response_url: `${server.url}/hooks/commands/${mattermostId()}`,
    team_domain: server.team.name,
    team_id: server.team.id,
    text: input.text,
    token: input.token,
    trigger_id: randomBytes(24).toString('base64'),
    user_id: input.user,
    user_name: server.users.get(input.user)?.username ?? '',
  });
  const response = await fetch(input.url, {
    method: 'POST',
    headers: { authorization: `Token ${input.token}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': 'mattermost-10.5.0' },
    body: form.toString(),
  });
  return { status: response.status, body: await response.text() };
}

/**
 * A person clicks a button of a post: Mattermost POSTs the click with the button's stored context to its
 * integration URL, then applies the answer (`update` replaces the post's message/props, `ephemeral_text` is shown
 * to the clicker). `context` overrides what is sent, as a forger would.
 */
export async function clickButton(server: FakeMattermostServer, input: { postId: string; actionId: string; user: string; context?: Record<string, unknown>; url?: string }): Promise<{ status: number; body: string }> {
  const post = server.posts.get(input.postId);
  const button = post && server.buttons(post).find((candidate) => candidate.context.action_id === input.actionId);
  const url = input.url ?? button?.url;
  if (!post || !url) throw new Error(`no button ${input.actionId} on post ${input.postId}`);
  const channel = server.channels.get(post.channel_id);
  const payload = {
    user_id: input.user,
    user_name: server.users.get(input.user)?.username ?? '',
    channel_id: post.channel_id,
    channel_name: channel?.name ?? '',
    team_id: server.team.id,
    team_domain: server.team.name,
    post_id: post.id,
    trigger_id: randomBytes(24).toString('base64'),
    type: '',
    data_source: '',
    context: input.context ?? button?.context ?? {},
  };
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(payload) });
  const body = await response.text();
  if (response.ok && body) {
    const answer = JSON.parse(body) as { update?: { message?: string; props?: Record<string, unknown> }; ephemeral_text?: string };
    if (answer.update) Object.assign(post, { ...(answer.update.message !== undefined ? { message: answer.update.message } : {}), ...(answer.update.props ? { props: answer.update.props } : {}) });
    if (answer.ephemeral_text) server.store({ channel_id: post.channel_id, root_id: '', message: answer.ephemeral_text, props: {}, file_ids: [], visibleTo: input.user });
  }
  return { status: response.status, body };
}
