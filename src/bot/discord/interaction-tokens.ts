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
 * minutes, never stored): per conversation thread, the deferred "thinking…" responses the next posts there
 * complete, oldest first; per user, the latest token, for an ephemeral follow-up only they see.
 */
export class InteractionTokens {
  private readonly deferred = new Map<string, Held[]>();
  private readonly byUser = new Map<string, Held>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A command was deferred in this conversation thread: a post there completes it. */
  deferredAt(thread: string, token: string): void {
    const waiting = (this.deferred.get(thread) ?? []).filter((held) => held.expiresAt > this.now());
    remember(this.deferred, thread, [...waiting, { token, expiresAt: this.now() + TOKEN_LIFE_MS }]);
  }

  /** The user acted (command or click): their token is fresh for a private follow-up. */
  actedBy(user: string, token: string): void {
    remember(this.byUser, user, { token, expiresAt: this.now() + TOKEN_LIFE_MS });
  }

  /** Takes the oldest deferred response still waiting in this thread, once. */
  takeDeferred(thread: string): string | undefined {
    const waiting = this.deferred.get(thread) ?? [];
    let held: Held | undefined;
    while ((held = waiting.shift()) && held.expiresAt <= this.now());
    if (waiting.length === 0) this.deferred.delete(thread);
    return held?.token;
  }

  /** Whether this token's deferred response is still waiting (then it is taken: the caller resolves it). */
  takeDeferredToken(token: string): boolean {
    for (const [thread, waiting] of this.deferred) {
      const index = waiting.findIndex((held) => held.token === token);
      if (index < 0) continue;
      const [held] = waiting.splice(index, 1);
      if (waiting.length === 0) this.deferred.delete(thread);
      return held!.expiresAt > this.now();
    }
    return false;
  }

  /** A fresh token of this user's, if they acted lately. */
  freshFor(user: string): string | undefined {
    const held = this.byUser.get(user);
    return held && held.expiresAt > this.now() ? held.token : undefined;
  }
}

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}
