/**
 * Discord's per-route rate limits as its headers announce them
 * (https://discord.com/developers/docs/topics/rate-limits): when `X-RateLimit-Remaining` reaches 0, the route
 * (per major parameter: channel, guild, webhook) is closed for `X-RateLimit-Reset-After` seconds. Waiting for
 * that instead of running into a 429 keeps opsbot away from Discord's ban on too many invalid requests.
 */
export class RateLimitBuckets {
  private readonly closedUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** How long a call to this route must wait before it is sent; 0 when the bucket is open. */
  waitMs(method: string, path: string): number {
    const key = routeKey(method, path);
    const until = this.closedUntil.get(key);
    if (until === undefined) return 0;
    const wait = until - this.now();
    if (wait <= 0) this.closedUntil.delete(key);
    return Math.max(0, Math.ceil(wait));
  }

  /** Reads the bucket headers of an answer. */
  observe(method: string, path: string, headers: Headers): void {
    const remaining = headers.get('x-ratelimit-remaining');
    const resetAfter = Number(headers.get('x-ratelimit-reset-after'));
    if (remaining === '0' && Number.isFinite(resetAfter) && resetAfter > 0) this.closedUntil.set(routeKey(method, path), this.now() + resetAfter * 1000);
    else if (remaining !== null && remaining !== '0') this.closedUntil.delete(routeKey(method, path));
  }
}

/** A route with its major parameter kept and every other id generalised, as Discord groups limits. */
export function routeKey(method: string, path: string): string {
  const segments = path.split('?')[0]!.split('/');
  const kept = segments.map((segment, index) => {
    const previous = segments[index - 1];
    if (previous === 'channels' || previous === 'guilds' || previous === 'webhooks') return segment;
    // A webhook's token is part of its major parameter (keys stay in memory, never in logs or errors).
    if (segments[index - 2] === 'webhooks') return segment;
    return /^\d+$/.test(segment) ? ':id' : segment;
  });
  return `${method} ${kept.join('/')}`;
}
