import type { Opsbot } from '../app.js';
import { CommandRouter } from './router/command-router.js';
import type { Responder } from './responder.js';

/** Picks how messages are understood: the Claude agent when a key is set (and not forced offline), else the offline router. */
export function createResponder(opsbot: Opsbot, _options: { offline?: boolean; env?: NodeJS.ProcessEnv } = {}): Responder {
  return new CommandRouter(opsbot.gateway, opsbot.config);
}
