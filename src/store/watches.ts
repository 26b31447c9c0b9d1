/** A status watch (`status stalk`): polled every 30 s, reporting only changes back to its origin. */
export interface Watch {
  id: string;
  target: string;
  owner: string;
  origin: unknown;
  lastStatus: string | null;
  createdAt: string;
}

/** Status watches, stored so every replica polls the same set. */
export interface WatchesPort {
  add(request: { target: string; owner: string; origin: unknown }): Promise<{ watch: Watch; created: boolean }>;
  remove(request: { target: string; owner: string }): Promise<boolean>;
  list(owner?: string): Promise<Watch[]>;
  /** Records the status last seen; with `expected`, only if it is unchanged since (so one of several pollers reports a change). */
  setLastStatus(id: string, status: string, checkedAt: string, options?: { expected?: string | null }): Promise<boolean>;
}
