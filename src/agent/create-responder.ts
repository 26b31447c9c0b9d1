import type { ClaudeAgentOptions } from './claude/claude-agent.js';
import type { ModelClientOptions } from './claude/model-client.js';
import type { ChannelServiceLookup } from './router/channel-service.js';
import { CommandRouter } from './router/command-router.js';
import type { Inbound, Reply, Responder } from './responder.js';
import { OfflineNotices } from './unavailable-notice.js';

/** What createResponder may be told: force the router, or read the key from another environment than the process's. */
export interface ResponderOptions {
  /** Always use the offline command router (e.g. `--offline`), even when a key is set. */
  offline?: boolean;
  env?: NodeJS.ProcessEnv;
  /** What a channel is about beyond `services[].channels` (Slack incident channels), for the router's defaults. */
  channelServices?: ChannelServiceLookup;
  /** Credentials handed in instead of the environment's (vertex's Google credentials). */
  model?: ModelClientOptions;
}

/**
 * Picks how messages are understood: the Claude agent when `agent.provider` is usable (for anthropic: a key is
 * set) and not forced offline, else the offline router. Without one every reply says the model is unavailable, so
 * nobody mistakes the router's narrower understanding for the agent's. Forced offline is a choice, so it carries no notice.
 * It takes the parts of an Opsbot the agent uses, not the Opsbot itself, so the agent layer never imports the app.
 */
export async function createResponder(opsbot: ClaudeAgentOptions['opsbot'], options: ResponderOptions = {}): Promise<Responder> {
  const router = new CommandRouter(opsbot.gateway, opsbot.config, { channelServices: options.channelServices });
  if (options.offline) return router;
  const env = options.env ?? process.env;
  // Each provider's SDK loads only when it is chosen, keeping start-up fast for the router, the CLI and MCP.
  const { createModelClient } = await import('./claude/model-client.js');
  const setup = await createModelClient(opsbot.config, env, options.model);
  if ('missing' in setup) return new NoticeResponder(router, setup.missing);
  const { ClaudeAgent } = await import('./claude/claude-agent.js');
  const { client } = setup;
  return new ClaudeAgent({ opsbot, client, fallback: router });
}

/** Why a responder from createResponder answers without the model (a missing key or region), or undefined. */
export function offlineReason(responder: Responder): string | undefined {
  return responder instanceof NoticeResponder ? responder.reason : undefined;
}

/** The router with the notice line in front of its first reply in each conversation (shell session, Slack thread). */
class NoticeResponder implements Responder {
  private readonly notices = new OfflineNotices();

  constructor(
    private readonly inner: Responder,
    readonly reason: string,
  ) {}

  async respond(message: Inbound): Promise<Reply> {
    const reply = await this.inner.respond(message);
    // A proposal adds no text (it travels in reply.actions), so a notice alone keeps no trailing newline.
    const notice = this.notices.lineFor(message.origin.conversationId, this.reason);
    return { ...reply, text: reply.text ? `${notice}${reply.text}` : notice.trimEnd(), offline: true };
  }
}
