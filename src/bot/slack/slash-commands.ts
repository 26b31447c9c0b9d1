import { redactText } from '../../util/redact.js';
import type { App, RespondFn } from '@slack/bolt';
import type { Inbound, Reply } from '../../agent/responder.js';
import { type ChannelServiceLookup, type ParsedCommand, parse, slashCommandNames, usage, withChannelLookup } from '../../agent/router/index.js';
import type { Config } from '../../config/schema.js';
import type { BackgroundWork } from './background-work.js';
import type { Conversations } from './conversations.js';
import type { SlackErrorSink } from './error-sink.js';
import type { KnownThreads } from './known-threads.js';
import { escapeMrkdwn, neutralizeBroadcasts, outsideText, truncate } from './mrkdwn.js';
import { slackErrorCode, type SlackClient } from './slack-client.js';
import { PlaceholderProgress, type ProgressContext } from './streaming/progress-indicator.js';
import { renderReply } from '../presenter/text.js';

/** The slash commands opsbot registers (and lists in its manifest): every command word of the registry. */
export function slashCommands(config: Config): string[] {
  return slashCommandNames(config);
}

/** The offline router's half that answers an already parsed command. */
export interface ParsedCommandResponder {
  respondTo(parsed: ParsedCommand, message: Inbound): Promise<Reply>;
}

/** One slash command as the listener translates it. */
export interface SlashCommand {
  name: string;
  text: string;
  user: string;
  channel: string;
  respond: RespondFn;
}

/** What slash commands need. */
export interface SlashCommandsDependencies {
  client: SlackClient;
  config: Config;
  router: ParsedCommandResponder;
  conversations: Conversations;
  threads: KnownThreads;
  errors: SlackErrorSink;
  progress: ProgressContext;
  /** What a channel is about beyond `services[].channels` (an incident's channel), looked up for each command. */
  channelServices?: ChannelServiceLookup;
}

/**
 * Slash commands are always parsed by the offline router, model or not (DESIGN §6), so they work without one.
 * Arguments that do not parse get the usage line privately; a command that parses is echoed in the channel
 * and answered in place, and that message's thread becomes its conversation (cards, follow-ups).
 */
export class SlashCommands {
  constructor(private readonly deps: SlashCommandsDependencies) {}

  async handle(command: SlashCommand): Promise<void> {
    const typed = `/${command.name} ${command.text}`.trim();
    const parsed = parse(typed, this.deps.config, await withChannelLookup({ channel: command.channel }, this.deps.channelServices));
    if (parsed.kind === 'help' || parsed.kind === 'chat') {
      // Help (`/deploy help`) and small talk answer privately: nothing to echo in the channel.
      const reply = await this.deps.router.respondTo(parsed, { text: typed, actor: command.user, origin: { frontEnd: 'slack', channel: command.channel, via: 'command' } });
      await command.respond({ response_type: 'ephemeral', text: truncate(neutralizeBroadcasts(reply.text), 3500) });
      return;
    }
    if (parsed.kind !== 'call') {
      await command.respond({ response_type: 'ephemeral', text: this.usageReply(command.name, parsed) });
      return;
    }
    const responder = { respond: (message: Inbound) => this.deps.router.respondTo(parsed, message) };
    // A pasted token must not be echoed into a channel.
    const prefix = `<@${command.user}> \`${truncate(escapeMrkdwn(neutralizeBroadcasts(redactText(typed))).replace(/`/g, "'"), 200)}\`\n`;
    let root: { channel: string; ts: string; text: string };
    try {
      const text = `${prefix}_checking…_`;
      const posted = await this.deps.client.chat.postMessage({ channel: command.channel, text });
      root = { channel: posted.channel ?? command.channel, ts: posted.ts ?? '', text };
    } catch (error) {
      await this.answerPrivately(command, responder, error);
      return;
    }
    const thread = { channel: root.channel, threadTs: root.ts };
    try {
      await this.deps.threads.remember(thread);
      const progress = new PlaceholderProgress(this.deps.progress, thread, root, prefix);
      await this.deps.conversations.answer({ responder, progress, thread, actor: command.user, text: typed, via: 'command' });
    } catch (error) {
      await this.deps.errors.apologize(thread, error, `/${command.name} from ${command.user}`);
    }
  }

  private usageReply(name: string, parsed: ParsedCommand): string {
    const line = usage(`/${name}`, this.deps.config);
    if (parsed.kind === 'incomplete') return `${parsed.problem}\n${line}`;
    if (parsed.kind === 'unknown') return `I could not read that as a /${name} command.\n${line}`;
    return line;
  }

  /**
   * opsbot cannot post in this conversation (not invited, or a DM between other people): answer through the
   * command's response URL, visible only to the person; cards then go to the approvals channel.
   */
  private async answerPrivately(command: SlashCommand, responder: { respond(message: Inbound): Promise<Reply> }, postError: unknown): Promise<void> {
    const code = slackErrorCode(postError);
    if (code !== 'not_in_channel' && code !== 'channel_not_found' && code !== 'is_archived') throw postError;
    const origin = { frontEnd: 'slack' as const, channel: command.channel, conversationId: `slack:${command.channel}:${command.user}`, via: 'command' as const };
    const reply = await responder.respond({ text: command.text, actor: command.user, origin });
    const hint = reply.actions.length ? `\n_Invite me to this channel to get approval buttons here; ${this.deps.config.slack.approvalsChannel ? 'the request was posted to the approvals channel' : 'meanwhile confirm from the CLI'}._` : '';
    // No buttons reach this person here, so each proposal is shown as its text card.
    await command.respond({ response_type: 'ephemeral', text: truncate(outsideText(renderReply(reply, { iso: true })) + hint, 3500) });
    await Promise.all(reply.actions.map((action) => this.deps.conversations.postCard(action)));
  }
}

/** Registers the listeners: ack at once (Slack allows 3 s), then work in the background. */
export function registerSlashCommands(app: App, commands: SlashCommands, errors: SlackErrorSink, work: BackgroundWork, config: Config): void {
  app.command(new RegExp(`^/(${slashCommands(config).join('|')})$`), async ({ ack, command, respond }) => {
    await ack();
    const name = command.command.slice(1);
    work.queue(`/${name}`, () =>
      commands.handle({ name, text: command.text, user: command.user_id, channel: command.channel_id, respond }).catch((error: unknown) => errors.apologizePrivately(command.channel_id, command.user_id, error, `/${name}`)),
    );
  });
}
