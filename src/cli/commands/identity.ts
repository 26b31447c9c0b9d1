import type { Config } from '../../config/schema.js';
import { OpsbotError } from '../../errors.js';
import { isUserId } from '../../config/user-id.js';

/** Who a command acts as, and how that was decided (shown at start so nobody acts under a surprising identity). */
export interface Identity {
  user: string;
  source: '--as' | 'OPSBOT_USER' | 'default';
}

/**
 * `--as`, else OPSBOT_USER, else the least privileged configured user: a shell opened without thinking should
 * be able to look around and unable to change anything.
 */
export function resolveIdentity(explicit: string | undefined, env: NodeJS.ProcessEnv, config: Config): Identity {
  if (explicit) return { user: checkedUserId(explicit), source: '--as' };
  if (env.OPSBOT_USER) return { user: checkedUserId(env.OPSBOT_USER), source: 'OPSBOT_USER' };
  return { user: leastPrivileged(config), source: 'default' };
}

/** For acting on an action (confirm, reject): the identity must be stated, never defaulted. */
export function requireIdentity(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  const user = explicit ?? env.OPSBOT_USER;
  if (!user) throw new OpsbotError('usage', 'say who you are: --as USER (a user id such as U00LEAD2), or set OPSBOT_USER');
  return checkedUserId(user);
}

function checkedUserId(value: string): string {
  const user = value.trim().toUpperCase();
  if (!isUserId(user)) throw new OpsbotError('usage', `"${value}" is not a user id; identities are Slack user ids such as U00LEAD`);
  return user;
}

function leastPrivileged(config: Config): string {
  const users = Object.entries(config.policies.users);
  const grantCount = (roles: string[]) => roles.reduce((total, role) => total + (config.policies.roles[role]?.length ?? 0), 0);
  const mutates = (roles: string[]) => roles.some((role) => (config.policies.roles[role] ?? []).some((pattern) => !pattern.startsWith('read:')));
  const ranked = [...users].sort(([, left], [, right]) => Number(mutates(left)) - Number(mutates(right)) || grantCount(left) - grantCount(right));
  // No configured users: an id that holds nothing, so policy denies everything (deny by default).
  return ranked[0]?.[0] ?? 'UNOBODY';
}
