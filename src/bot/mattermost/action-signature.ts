import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Mattermost signs nothing it sends to an integration's button URL: whoever can reach `/mattermost/action` could
 * claim any click. So each button's context carries opsbot's own HMAC-SHA256 (keyed by `actionSecret`) over the
 * action id and value, and a click counts only when it comes back intact. The value is a stored reference that is
 * re-checked at click time, so a signature copied to another post can do no more than the clicker may.
 */
export function signAction(secret: string, actionId: string, value: string): string {
  // Lengths first, so no split of one string into the two fields signs the same as another.
  return createHmac('sha256', secret).update(`${actionId.length}:${actionId}\n${value.length}:${value}`).digest('hex');
}

/** Whether `sig` is opsbot's signature over the action id and value; compared in constant time. */
export function verifyAction(secret: string, actionId: unknown, value: unknown, sig: unknown): boolean {
  if (typeof actionId !== 'string' || typeof value !== 'string' || typeof sig !== 'string') return false;
  return sameSecret(signAction(secret, actionId, value), sig);
}

/** Constant-time equality of two secrets (a slash command token, a signature); false when lengths differ. */
export function sameSecret(expected: string, given: string): boolean {
  const left = Buffer.from(expected);
  const right = Buffer.from(given);
  return left.length === right.length && timingSafeEqual(left, right);
}
