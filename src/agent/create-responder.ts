import type { Opsbot } from '../app.js';
import { ClaudeAgent, unavailableNotice } from './claude/claude-agent.js';
import { createModelClient } from './claude/model-client.js';
import { CommandRouter } from './router/command-router.js';
import type { Inbound, Reply, Responder } from './responder.js';

/** What createResponder may be told: force the router, or read the key from another environment than the process's. */
export interface ResponderOptions {
  /** Always use the offline command router (e.g. `--offline`), even when a key is set. */
  offline?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * Picks how messages are understood: the Claude agent when ANTHROPIC_API_KEY is set (and not forced offline),
 * else the offline router. Without a key every reply says the model is unavailable, so nobody mistakes the
 * router's narrower understanding for the agent's. Forced offline is a choice, so it carries no notice.
 */
export function createResponder(opsbot: Opsbot, options: ResponderOptions = {}): Responder {
  const router = new CommandRouter(opsbot.gateway, opsbot.config);
  if (options.offline) return router;
  const client = createModelClient(opsbot.config, options.env ?? process.env);
  if (!client) return new NoticeResponder(router, unavailableNotice('ANTHROPIC_API_KEY is not set'));
  return new ClaudeAgent({ opsbot, client, fallback: router });
}

/** The router with a notice line in front of each reply. */
class NoticeResponder implements Responder {
  constructor(
    private readonly inner: Responder,
    private readonly notice: string,
  ) {}

  async respond(message: Inbound): Promise<Reply> {
    const reply = await this.inner.respond(message);
    return { ...reply, text: `${this.notice}\n${reply.text}`, offline: true };
  }
}
