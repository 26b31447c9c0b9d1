import { SendFailure } from '../outbox/card-sender.js';

/** Discord's limit on a component's `custom_id` (https://discord.com/developers/docs/components/reference). */
export const CUSTOM_ID_LIMIT = 100;

/**
 * A button's `custom_id`: the card's action id and value, which is all a click carries back (the value is a
 * stored reference, re-read and re-checked at click time). Action ids are `[a-z_]` words, so the first `:` splits.
 */
export function encodeCustomId(actionId: string, value: string): string {
  const customId = `${actionId}:${value}`;
  // A malformed card, not a passing fault: retrying cannot make it fit.
  if (actionId.includes(':') || customId.length > CUSTOM_ID_LIMIT) throw new SendFailure('permanent', `button ${actionId} does not fit Discord's ${CUSTOM_ID_LIMIT}-character custom_id`);
  return customId;
}

/** The action id and value of a clicked button, or undefined for a custom_id opsbot did not make. */
export function decodeCustomId(customId: string): { actionId: string; value: string } | undefined {
  const colon = customId.indexOf(':');
  if (colon <= 0) return undefined;
  return { actionId: customId.slice(0, colon), value: customId.slice(colon + 1) };
}
