/** A deploy lock (`lock frontend in production "migrating db"`): deploys there are refused until unlocked. */
export interface DeployLock {
  service: string;
  environment: string;
  reason: string;
  lockedBy: string;
  lockedAt: string;
}

/** Deploy locks, kept in the store so every replica sees them. */
export interface DeployLocksPort {
  /** Locks; an existing lock is kept as it is (`created: false`). */
  lock(request: { service: string; environment: string; reason: string; lockedBy: string }): Promise<{ lock: DeployLock; created: boolean }>;
  /** Removes a lock; returns the lock removed, or null when there was none. */
  unlock(service: string, environment: string): Promise<DeployLock | null>;
  get(service: string, environment: string): Promise<DeployLock | null>;
  list(): Promise<DeployLock[]>;
}
