import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { InboundRequest } from '../conversation/port.js';

/** How far an interaction's timestamp may be from our clock: a captured request replayed later is refused. */
const MAX_SKEW_SECONDS = 5 * 60;

/** The application's Ed25519 public key (hex, as the developer portal shows it) as a key object. */
export function discordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('chat.discord.publicKey must be the 64 hex characters of the application public key');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
}

/**
 * Whether Discord signed this request: Ed25519 over `X-Signature-Timestamp + raw body`
 * (https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers).
 */
export function verifyDiscordRequest(key: KeyObject, request: Pick<InboundRequest, 'headers' | 'rawBody'>, nowMs = Date.now()): boolean {
  const signature = request.headers['x-signature-ed25519'];
  const timestamp = request.headers['x-signature-timestamp'];
  if (!signature || !timestamp || !/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), request.rawBody]), key, Buffer.from(signature, 'hex'));
}
