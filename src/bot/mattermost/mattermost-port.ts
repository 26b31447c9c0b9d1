import type { Config } from '../../config/schema.js';
import { redactText } from '../../util/redact.js';
import { isCard, type ChatContent, type RichText } from '../conversation/card.js';
import type { ChatFile, ChatPlace, ConversationHandlers, ConversationPort, InboundRequest, PostedRef } from '../conversation/port.js';
import { SendFailure } from '../outbox/card-sender.js';
import { signAction } from './action-signature.js';
import { ACTION_PATH, verifyInbound, type ActionCallback, type SlashCommandRequest } from './inbound-requests.js';
import { MattermostApi, type MattermostChannel, type MattermostPost, type MattermostTeam, type MattermostUser } from './mattermost-api.js';
import { renderMattermostContent, type RenderedPost } from './mattermost-card.js';
import { channelNameOf } from './channel-names.js';
import { escapeMarkdown, neutraliseMentions, truncate, type PersonNames } from './mattermost-markdown.js';
import { MattermostEvents } from './mattermost-events.js';
import { MattermostReceiver, type MattermostLogger } from './mattermost-receiver.js';

/** What the adapter is built from: `chat.mattermost` with its secrets read, and the people it may name. */
export interface MattermostPortOptions {
  url: string;
  token: string;
  commandToken: string;
  actionSecret: string;
  port: number;
  host: string;
  publicUrl?: string;
  /** `people` from the config: `{person}` spans become `@username` through `people.<id>.ids.mattermost`. */
  people?: Config['people'];
  logger?: MattermostLogger;
  fetch?: typeof fetch;
  /** Mentions, DMs and thread replies over the WebSocket API; on unless false (a slash-command-only setup). */
  events?: boolean;
}

const quietLogger: MattermostLogger = { warn: () => undefined, error: () => undefined };

/**
 * Mattermost as an adapter of the conversation port, over REST API v4: posts (threads by `root_id`), cards as
 * message attachments whose buttons call back to `/mattermost/action`, ephemeral posts, files, channels. Inbound,
 * a slash command (checked by its token) or a click (checked by opsbot's signature in the button's context).
 */
export class MattermostPort implements ConversationPort {
  readonly platform = 'mattermost' as const;
  private readonly api: MattermostApi;
  private readonly logger: MattermostLogger;
  private readonly usernames = new Map<string, Promise<string | undefined>>();
  private me?: Promise<MattermostUser>;
  private team?: Promise<MattermostTeam>;
  private receiver?: MattermostReceiver;
  private events?: MattermostEvents;
  private listening?: { port: number; address: string };

  constructor(private readonly options: MattermostPortOptions) {
    this.api = new MattermostApi(options.url, options.token, options.fetch);
    this.logger = options.logger ?? quietLogger;
  }

  async post(place: ChatPlace, content: ChatContent): Promise<PostedRef> {
    const rendered = await this.render(content);
    const posted = await this.api.post<MattermostPost>('/posts', { channel_id: place.channel, ...rootOf(place), ...rendered }, 'channel');
    if (place.thread) this.events?.remember(place.thread);
    return { channel: posted.channel_id || place.channel, id: posted.id, ...(place.thread ? { thread: place.thread } : {}) };
  }

  async update(message: PostedRef, content: ChatContent): Promise<void> {
    // A patch replaces `props` whole, so a card's buttons go when the new content has none.
    await this.api.put(`/posts/${encodeURIComponent(message.id)}/patch`, await this.render(content), 'post');
  }

  /** `POST /posts/{post_id}/pin`: needs read access to the post's channel. */
  async pin(message: PostedRef): Promise<void> {
    await this.api.post(`/posts/${encodeURIComponent(message.id)}/pin`, {}, 'post');
  }

  async tellPrivately(place: ChatPlace, person: string, content: ChatContent): Promise<void> {
    const rendered = await this.render(content);
    try {
      await this.api.post('/posts/ephemeral', { user_id: person, post: { channel_id: place.channel, ...rootOf(place), ...rendered } }, 'other');
    } catch (error) {
      // Ephemeral posts need a permission a bot may lack: then a direct message says it instead.
      if (!(error instanceof SendFailure) || error.kind !== 'needs_person' || error.reason === 'invalid_auth') throw error;
      const me = await this.self();
      const direct = await this.api.post<MattermostChannel>('/channels/direct', [me.id, person], 'other');
      await this.api.post('/posts', { channel_id: direct.id, ...rendered }, 'channel');
    }
  }

  async upload(place: ChatPlace, file: ChatFile): Promise<void> {
    const form = new FormData();
    form.append('channel_id', place.channel);
    form.append('files', new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
    const uploaded = await this.api.upload<{ file_infos?: Array<{ id: string }> }>('/files', form);
    const ids = (uploaded.file_infos ?? []).map((info) => info.id);
    if (!ids.length) throw new SendFailure('permanent', 'upload_without_file');
    await this.api.post('/posts', { channel_id: place.channel, ...rootOf(place), message: escapeMarkdown(file.title), file_ids: ids }, 'channel');
  }

  /** Opens a public channel in the bot's first team (a bot account normally belongs to one) and adds the people. */
  async openChannel(name: string, options: { topic?: string; invite: string[] }): Promise<{ channel: string; url?: string }> {
    const team = await this.firstTeam();
    const base = channelNameOf(name);
    let channel: MattermostChannel | undefined;
    for (let attempt = 1; !channel; attempt += 1) {
      const candidate = attempt === 1 ? base : channelNameOf(`${base.slice(0, 58)}-${attempt}`);
      const body = { team_id: team.id, name: candidate, display_name: truncate(name, 64), type: 'O', ...(options.topic ? { header: truncate(escapeMarkdown(options.topic), 1024), purpose: truncate(neutraliseMentions(options.topic), 250) } : {}) };
      try {
        channel = await this.api.post<MattermostChannel>('/channels', body, 'other');
      } catch (error) {
        // The name is taken (an earlier incident of the same name): the next suffix.
        const taken = error instanceof SendFailure && error.kind === 'permanent' && error.reason.includes('exists');
        if (!taken || attempt >= 5) throw error;
      }
    }
    for (const user of options.invite) {
      // One person who cannot be added (not in the team, deactivated) must not cost the room; throwing here would make a retry open a second one.
      await this.api.post(`/channels/${channel.id}/members`, { user_id: user }, 'channel').catch((error: unknown) => this.logger.warn(`mattermost: could not add ${user} to ${channel.name}: ${error instanceof Error ? error.message : String(error)}`));
    }
    return { channel: channel.id, url: `${this.options.url.replace(/\/+$/, '')}/${team.name}/channels/${channel.name}` };
  }

  async join(channel: string): Promise<boolean> {
    const me = await this.self();
    try {
      await this.api.post(`/channels/${encodeURIComponent(channel)}/members`, { user_id: me.id }, 'channel');
      return true;
    } catch (error) {
      if (error instanceof SendFailure && error.kind === 'needs_person' && error.reason !== 'invalid_auth') return false;
      throw error;
    }
  }

  async verify(request: InboundRequest): Promise<boolean> {
    return verifyInbound(request, this.options);
  }

  async start(handlers: ConversationHandlers): Promise<{ port?: number; address?: string }> {
    if (this.listening) return this.listening;
    this.receiver = new MattermostReceiver(
      { verify: (request) => this.verify(request), command: (command) => this.command(command, handlers), click: (click) => this.click(click, handlers) },
      this.logger,
    );
    this.listening = await this.receiver.listen(this.options.port, this.options.host);
    if (this.options.events !== false) {
      this.events = new MattermostEvents({ url: this.options.url, token: this.options.token, me: () => this.self(), logger: this.logger }, (message) => handlers.message(message));
      await this.events.start();
    }
    return this.listening;
  }

  async stop(): Promise<void> {
    this.events?.stop();
    this.events = undefined;
    await this.receiver?.close();
    this.receiver = undefined;
    this.listening = undefined;
  }

  /** Where buttons call back: the public address Mattermost reaches, else the address this process listens on. */
  actionUrl(): string {
    if (this.options.publicUrl) return `${this.options.publicUrl.replace(/\/+$/, '')}${ACTION_PATH}`;
    return `http://${this.options.host}:${this.listening?.port ?? this.options.port}${ACTION_PATH}`;
  }

  /**
   * A slash command has no post to reply under, so the command is echoed in the channel (as the Slack front end
   * does) and its thread becomes the conversation. A pasted token is redacted before it is echoed.
   */
  private async command(command: SlashCommandRequest, handlers: ConversationHandlers): Promise<void> {
    const typed = truncate(redactText(`${command.command} ${command.text}`.trim()).replace(/`/g, "'"), 200);
    const who = /^[a-z0-9._-]+$/i.test(command.userName) ? `@${command.userName}` : escapeMarkdown(command.userName);
    let thread = '';
    try {
      const echoed = await this.api.post<MattermostPost>('/posts', { channel_id: command.channelId, message: `${who} \`${neutraliseMentions(typed)}\`` }, 'channel');
      thread = echoed.id;
      this.events?.remember(thread);
    } catch (error) {
      // Not a member (a private channel, a DM with someone else): the answer goes to the channel top level.
      this.logger.warn(`mattermost: could not echo a slash command in ${command.channelId}: ${error instanceof Error ? error.message : String(error)}`);
    }
    await handlers.message({
      platform: 'mattermost',
      channel: command.channelId,
      thread,
      messageId: thread,
      author: command.userId,
      text: command.text.trim(),
      direct: command.channelName.includes('__'),
      command: true,
    });
  }

  /** A click names only its post; a card inside a thread is answered in that thread, since Mattermost refuses a reply's id as `root_id`. */
  private async click(click: ActionCallback, handlers: ConversationHandlers): Promise<void> {
    const card = await this.api.get<MattermostPost>(`/posts/${encodeURIComponent(click.postId)}`).catch(() => undefined);
    await handlers.click({
      platform: 'mattermost',
      actionId: String(click.context.action_id),
      value: String(click.context.value),
      clicker: click.userId,
      message: { channel: click.channelId, id: click.postId, ...(card?.root_id ? { thread: card.root_id } : {}) },
    });
  }

  private async render(content: ChatContent): Promise<RenderedPost> {
    const names = await this.namesFor(content);
    return renderMattermostContent(content, { names, actionUrl: this.actionUrl(), sign: (actionId, value) => signAction(this.options.actionSecret, actionId, value) });
  }

  /** The usernames of the people a content names, looked up once each (GET /users/{id}); a failed lookup names them plainly. */
  private async namesFor(content: ChatContent): Promise<PersonNames> {
    const people = this.options.people ?? {};
    const found = new Map<string, { username?: string; name: string }>();
    for (const person of personsIn(content)) {
      const id = people[person]?.ids?.mattermost;
      found.set(person, { username: id ? await this.username(id) : undefined, name: people[person]?.name ?? person });
    }
    return (person) => found.get(person) ?? { name: people[person]?.name ?? person };
  }

  private username(userId: string): Promise<string | undefined> {
    let known = this.usernames.get(userId);
    if (!known) {
      known = this.api.get<MattermostUser>(`/users/${encodeURIComponent(userId)}`).then(
        (user) => user.username,
        () => {
          this.usernames.delete(userId);
          return undefined;
        },
      );
      this.usernames.set(userId, known);
    }
    return known;
  }

  private self(): Promise<MattermostUser> {
    this.me ??= this.api.get<MattermostUser>('/users/me').catch((error: unknown) => {
      this.me = undefined;
      throw error;
    });
    return this.me;
  }

  private firstTeam(): Promise<MattermostTeam> {
    this.team ??= this.api.get<MattermostTeam[]>('/users/me/teams').then(
      (teams) => {
        if (!teams[0]) throw new SendFailure('needs_person', 'bot_in_no_team');
        return teams[0];
      },
    ).catch((error: unknown) => {
      this.team = undefined;
      throw error;
    });
    return this.team;
  }
}

function rootOf(place: ChatPlace): { root_id?: string } {
  return place.thread ? { root_id: place.thread } : {};
}

/** Every person a content names, for one username lookup each before rendering. */
function personsIn(content: ChatContent): Set<string> {
  const persons = new Set<string>();
  const visit = (text: RichText | undefined): void => {
    for (const part of text ?? []) {
      if (typeof part === 'string') continue;
      if ('person' in part) persons.add(part.person);
      else if ('bold' in part) visit(part.bold);
      else if ('italic' in part) visit(part.italic);
    }
  };
  if (!isCard(content)) visit(content.text);
  else {
    for (const section of content.sections) {
      visit(section.text);
      for (const field of section.fields ?? []) visit(field.value);
    }
    visit(content.context);
  }
  return persons;
}
