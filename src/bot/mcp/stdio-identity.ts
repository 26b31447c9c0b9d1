import type { Config } from '../../config/schema.js';
import { isUserId } from '../../config/user-id.js';

/** Who a stdio session acts as, or why there is no one (then `opsbot mcp` refuses to start). */
export type StdioIdentity = { ok: true; user: string; source: string } | { ok: false; reason: string };

/**
 * A stdio server has no login, so its identity is configuration: OPSBOT_USER (set in the client's
 * server entry) wins over `mcp.user` in opsbot.yaml. None is a refusal, never a default user.
 */
export function stdioIdentity(env: NodeJS.ProcessEnv, config: Config): StdioIdentity {
  // Upper-cased like `--as`, so the same value works for `opsbot confirm` and here.
  const fromEnv = env.OPSBOT_USER?.trim().toUpperCase();
  if (fromEnv) {
    if (!isUserId(fromEnv)) return { ok: false, reason: `OPSBOT_USER="${fromEnv}" is not a Slack user id (like U012ABC).` };
    return { ok: true, user: fromEnv, source: 'OPSBOT_USER' };
  }
  if (config.mcp.user) return { ok: true, user: config.mcp.user, source: 'mcp.user in the config' };
  return {
    ok: false,
    reason: 'no identity for this MCP server. Set OPSBOT_USER to your Slack user id (e.g. U012ABC) in the env of the client\'s server entry, or mcp.user in opsbot.yaml. Over HTTP use `opsbot mcp --http` with mcp.tokens instead.',
  };
}
