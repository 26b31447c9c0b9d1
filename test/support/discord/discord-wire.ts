/**
 * Discord's wire format as documented (https://discord.com/developers/docs/reference), for the loopback peer:
 * snowflakes, the JSON error envelope, the rate-limit answer and the objects the peer keeps.
 */

/** A channel as the peer keeps it: guild text (0), DM (1) or public thread (11). */
export interface PeerChannel {
  id: string;
  type: number;
  name?: string;
  guild_id?: string;
  parent_id?: string;
  topic?: string;
  recipients?: string[];
  permission_overwrites?: Array<{ id: string; type: number; allow: string; deny: string }>;
}

/** A message as the peer keeps it, edits applied; `ephemeralTo` for flags 64 follow-ups (only that user sees it). */
export interface PeerStoredMessage {
  id: string;
  channel_id: string;
  author: { id: string; bot: boolean };
  content: string;
  embeds: Array<{ title?: string; description?: string; fields?: Array<{ name: string; value: string }>; footer?: { text: string } }>;
  components: Array<{ type: number; components: Array<{ type: number; custom_id?: string; label?: string; style?: number }> }>;
  attachments: Array<{ id: string; filename: string; bytes: Buffer; content_type?: string }>;
  allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[] };
  flags: number;
  /** Pinned through Pin Message. */
  pinned?: boolean;
  ephemeralTo?: string;
  /** The interaction this message answers (its deferred response or a follow-up). */
  interactionToken?: string;
  webhook_id?: string;
}

/** One answer: status, headers and the JSON body Discord sends. */
export interface WireAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** JSON error codes used by the peer (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json). */
export const ERRORS = {
  unauthorized: { status: 401, code: 0, message: '401: Unauthorized' },
  unknownChannel: { status: 404, code: 10003, message: 'Unknown Channel' },
  unknownGuild: { status: 404, code: 10004, message: 'Unknown Guild' },
  unknownMessage: { status: 404, code: 10008, message: 'Unknown Message' },
  unknownWebhook: { status: 404, code: 10015, message: 'Unknown Webhook' },
  missingAccess: { status: 403, code: 50001, message: 'Missing Access' },
  missingPermissions: { status: 403, code: 50013, message: 'Missing Permissions' },
  otherAuthor: { status: 403, code: 50005, message: 'Cannot edit a message authored by another user' },
  invalidForm: { status: 400, code: 50035, message: 'Invalid Form Body' },
  threadExists: { status: 400, code: 160004, message: 'A thread has already been created for this message' },
} as const;

/** The error envelope `{ code, message, errors? }`. */
export function errorAnswer(error: { status: number; code: number; message: string }, errors?: unknown): WireAnswer {
  return { status: error.status, body: { code: error.code, message: error.message, ...(errors ? { errors } : {}) } };
}

/**
 * A 429 as Discord sends it (https://discord.com/developers/docs/topics/rate-limits): `retry_after` in seconds as
 * a float in the body, `Retry-After` (whole seconds) and the `X-RateLimit-*` bucket headers.
 */
export function rateLimitAnswer(retryAfterSeconds: number, nowMs = Date.now()): WireAnswer {
  return {
    status: 429,
    headers: {
      'retry-after': String(Math.ceil(retryAfterSeconds)),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': ((nowMs + retryAfterSeconds * 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': retryAfterSeconds.toFixed(3),
      'x-ratelimit-bucket': 'abcd1234efgh5678',
      'x-ratelimit-scope': 'user',
    },
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false },
  };
}

/** Snowflakes: increasing 64-bit ids as decimal strings. */
export class Snowflakes {
  private next = 1_190_000_000_000_000_000n;
  id(): string {
    this.next += 4_194_304n; // one millisecond later in a snowflake's timestamp bits
    return this.next.toString();
  }
}

/**
 * Whether a message pings everyone, and which users it pings, following the documented allowed_mentions rules:
 * without `allowed_mentions` every mention in the content pings; with it, only the parsed types and listed users.
 * Escaped mentions (`\@everyone`, `\<@1>`) and mentions inside embeds never ping.
 */
export function pingsOf(message: Pick<PeerStoredMessage, 'content' | 'allowed_mentions'>): { everyone: boolean; users: string[] } {
  const content = message.content;
  const unescaped = (index: number) => index === 0 || content[index - 1] !== '\\';
  const everyone = [...content.matchAll(/@(everyone|here)/g)].some((match) => unescaped(match.index));
  const users = [...content.matchAll(/<@!?(\d+)>/g)].filter((match) => unescaped(match.index)).map((match) => match[1]!);
  const allowed = message.allowed_mentions;
  if (!allowed) return { everyone, users };
  const parse = allowed.parse ?? [];
  return {
    everyone: everyone && parse.includes('everyone'),
    users: users.filter((user) => parse.includes('users') || (allowed.users ?? []).includes(user)),
  };
}
