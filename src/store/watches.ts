/** A status watch (`status stalk`): polled every 30 s, reporting only changes back to its origin. */
export interface Watch {
  id: string;
  target: string;
  owner: string;
  origin: unknown;
  lastStatus: string | null;
  createdAt: string;
}

/**
 * Status watches, stored so every replica polls the same set. A watch belongs to a conversation (see
 * watchConversationOf): one per target there, stopped by anyone in it; `owner` is who started it.
 */
export interface WatchesPort {
  /** `lastStatus` is the status read when the watch starts, so a change before the first poll is reported. */
  add(request: { target: string; owner: string; origin: unknown; conversation: string; lastStatus?: string }): Promise<{ watch: Watch; created: boolean }>;
  remove(request: { target: string; conversation: string }): Promise<boolean>;
  /** Every watch, or those of one conversation. */
  list(conversation?: string): Promise<Watch[]>;
  /** Records the status last seen; with `expected`, only if it is unchanged since (so one of several pollers reports a change). */
  setLastStatus(id: string, status: string, checkedAt: string, options?: { expected?: string | null }): Promise<boolean>;
}
