/** Interaction tokens live 15 minutes; a little margin so a follow-up never races the expiry. */
const TOKEN_LIFE_MS = 14 * 60 * 1000;
/** Enough for every open conversation; the oldest are dropped first. */
const MAX_ENTRIES = 5000;

interface Held {
  token: string;
  expiresAt: number;
}

/**
 * The interaction tokens opsbot may still answer with, kept in memory only (they are secrets that expire in
 * minutes, never stored): per place, the deferred "thinking…" response the next post there completes; per user,
 * the latest token, for an ephemeral follow-up only they see.
 */
export class InteractionTokens {
  private readonly deferred = new Map<string, Held>();
  private readonly byUser = new Map<string, Held>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A command was deferred at this place: the next post there completes it. */
  deferredAt(place: { channel: string; thread?: string }, token: string): void {
    remember(this.deferred, placeKey(place), { token, expiresAt: this.now() + TOKEN_LIFE_MS });
  }

  /** The user acted (command or click): their token is fresh for a private follow-up. */
  actedBy(user: string, token: string): void {
    remember(this.byUser, user, { token, expiresAt: this.now() + TOKEN_LIFE_MS });
  }

  /** Takes the deferred response waiting at this place, once. */
  takeDeferred(place: { channel: string; thread?: string }): string | undefined {
    const key = placeKey(place);
    const held = this.deferred.get(key);
    this.deferred.delete(key);
    return held && held.expiresAt > this.now() ? held.token : undefined;
  }

  /** Whether this token's deferred response is still waiting (then it is taken: the caller resolves it). */
  takeDeferredToken(token: string): boolean {
    for (const [key, held] of this.deferred) {
      if (held.token !== token) continue;
      this.deferred.delete(key);
      return held.expiresAt > this.now();
    }
    return false;
  }

  /** A fresh token of this user's, if they acted lately. */
  freshFor(user: string): string | undefined {
    const held = this.byUser.get(user);
    return held && held.expiresAt > this.now() ? held.token : undefined;
  }
}

/** A reply's place names the thread as the channel itself when the command was typed outside a thread. */
function placeKey(place: { channel: string; thread?: string }): string {
  return `${place.channel}/${place.thread && place.thread !== place.channel ? place.thread : ''}`;
}

function remember(map: Map<string, Held>, key: string, held: Held): void {
  map.delete(key);
  map.set(key, held);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}
