import { z } from 'zod';

/** A Slack user id (`U…` or `W…`): the only form an identity takes anywhere in opsbot (DESIGN §2). */
export const USER_ID_PATTERN = /^[UW][A-Z0-9]{2,}$/;

/** A user id in config, tool arguments and anywhere else input is validated. */
export const userIdSchema = z.string().regex(USER_ID_PATTERN, 'must be a Slack user id like U012ABC');

/** Whether text is a user id (never a display name). */
export function isUserId(text: string): boolean {
  return USER_ID_PATTERN.test(text);
}
