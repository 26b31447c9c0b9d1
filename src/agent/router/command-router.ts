import type { Config } from '../../config/schema.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { Origin } from '../../actions/origin.js';
import type { Inbound, Reply, Responder } from '../responder.js';
import { type ChannelServiceLookup, withChannelLookup } from './channel-service.js';
import { commandTable, usageOfTool } from './command-table.js';
import { formatOutcome } from './format-outcome.js';
import { helpText, permittedCommands, unknownText } from './help-text.js';
import { parseMessage } from './parse-message.js';
import type { ParsedCommand } from './parsed-command.js';
import { vocabularyOf } from './vocabulary.js';

/** What a router may be given besides the gateway and config. */
export interface CommandRouterOptions {
  /** The service a channel is about beyond `services[].channels` (an incident's channel), asked for each message. */
  channelServices?: ChannelServiceLookup;
}

/**
 * The offline responder: classic ChatOps commands and simple English and Japanese, parsed deterministically and sent
 * through the gateway like any other call. Used when there is no model, when the model is down, and for
 * slash commands.
 */
export class CommandRouter implements Responder {
  constructor(
    private readonly gateway: Gateway,
    private readonly config: Config,
    private readonly options: CommandRouterOptions = {},
  ) {}

  /** Answers a chat message; several requests in it ("deploy … and tell me who's on call") are answered in order. */
  async respond(message: Inbound): Promise<Reply> {
    const place = await withChannelLookup({ channel: message.origin.channel }, this.options.channelServices);
    const parts = parseMessage(message.text, this.config, place);
    if (parts.length === 1) return this.respondTo(parts[0]!, message);
    const replies: Reply[] = [];
    // One after another, so the audit log and the reply keep the order the person asked in.
    for (const part of parts) replies.push(await this.respondTo(part, message));
    return { text: replies.map((reply) => reply.text).filter(Boolean).join('\n\n'), actions: replies.flatMap((reply) => reply.actions), offline: true };
  }

  /** Answers an already parsed command (the Slack slash-command front end parses first to ack quickly). */
  async respondTo(parsed: ParsedCommand, message: Inbound): Promise<Reply> {
    const reply = (text: string): Reply => ({ text, actions: [], offline: true });
    const table = commandTable(this.config);
    switch (parsed.kind) {
      case 'help':
        return reply(helpText(await permittedCommands(this.gateway, message.actor), { actor: message.actor, vocabulary: vocabularyOf(this.config), topic: parsed.topic }));
      case 'chat':
        return reply(parsed.reply);
      case 'unknown':
        return reply(unknownText(message.text.trim(), await permittedCommands(this.gateway, message.actor), message.actor));
      case 'incomplete': {
        // No point asking for the missing environment of something not configured, or this user may not do at all.
        const withheld = this.gateway.notOffered(parsed.tool);
        if (withheld) return reply(withheld);
        const visible = await this.gateway.visibleTools(message.actor);
        if (!visible.some((tool) => tool.name === parsed.tool)) return reply(`You (${message.actor}) may not use ${parsed.tool}: no role of yours grants it. Type help for what you may run.`);
        const line = usageOfTool(parsed.tool, table);
        return reply(line ? `${parsed.problem}\nUsage: ${line}` : parsed.problem);
      }
      case 'call': {
        const outcome = await this.gateway.call({
          tool: parsed.tool,
          args: withDefaults(parsed, message, this.config),
          actor: message.actor,
          origin: { ...message.origin, via: 'router' },
          progress: message.onProgress,
        });
        message.onOutcome?.(outcome);
        // A capability not configured has no usage worth showing: nothing typed differently would make it answer.
        const text = this.gateway.notOffered(parsed.tool) ? outcome.text : formatOutcome(outcome, (tool) => usageOfTool(tool, table));
        return { text: parsed.note ? `${parsed.note}\n${text}` : text, actions: outcome.status === 'pending' ? [outcome.action] : [], offline: true };
      }
    }
  }
}

/**
 * What a classic command may leave out: `!ic page` with no message pages with one saying who asked and where
 * (what the paged person needs first); `silence ALERT 30m` with no reason gets one naming who silenced it.
 */
function withDefaults(parsed: Extract<ParsedCommand, { kind: 'call' }>, message: Inbound, config: Config): Record<string, unknown> {
  // Plain words, not Slack markup: the message also reaches a pager or a phone through the paging system.
  const person = config.people[message.actor];
  const who = person ? `${person.name} (${message.actor})` : message.actor;
  if (parsed.tool === 'page' && !parsed.args.message) return { ...parsed.args, message: `Paged by ${who} ${placeOf(message.origin)}.` };
  if (parsed.tool === 'alert_silence' && !parsed.args.comment) return { ...parsed.args, comment: `silenced from opsbot by ${who}` };
  return parsed.args;
}

function placeOf(origin: Origin): string {
  if (origin.channel) return `from Slack channel ${origin.channel}`;
  if (origin.frontEnd === 'shell') return 'from the opsbot shell';
  return origin.frontEnd === 'cli' ? 'from the opsbot CLI' : `from ${origin.frontEnd}`;
}
