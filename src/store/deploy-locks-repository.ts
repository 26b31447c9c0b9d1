import type { DeployLock, DeployLocksPort } from './deploy-locks.js';
import type { Store } from './open-store.js';
import type { DeployLocksTable } from './schema.js';

/** Deploy locks in the `deploy_locks` table, so every replica (and the CLI) sees the same locks. */
export class DeployLocksRepository implements DeployLocksPort {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Insert-or-nothing on the (service, environment) key: two replicas locking at once leave exactly one lock, the first. */
  async lock(request: { service: string; environment: string; reason: string; lockedBy: string }): Promise<{ lock: DeployLock; created: boolean }> {
    const result = await this.store.db
      .insertInto('deploy_locks')
      .values({ service: request.service, environment: request.environment, reason: request.reason, locked_by: request.lockedBy, locked_at: this.now().toISOString() })
      .onConflict((conflict) => conflict.columns(['service', 'environment']).doNothing())
      .executeTakeFirst();
    const lock = await this.get(request.service, request.environment);
    if (!lock) throw new Error(`lock of ${request.service} in ${request.environment} vanished right after it was taken`);
    return { lock, created: Number(result.numInsertedOrUpdatedRows ?? 0) > 0 };
  }

  async unlock(service: string, environment: string): Promise<DeployLock | null> {
    // Delete … returning works on both SQLite (3.35+) and PostgreSQL, so the caller learns exactly which lock it removed.
    const row = await this.store.db.deleteFrom('deploy_locks').where('service', '=', service).where('environment', '=', environment).returningAll().executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async get(service: string, environment: string): Promise<DeployLock | null> {
    const row = await this.store.db.selectFrom('deploy_locks').selectAll().where('service', '=', service).where('environment', '=', environment).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async list(): Promise<DeployLock[]> {
    const rows = await this.store.db.selectFrom('deploy_locks').selectAll().orderBy('locked_at', 'asc').orderBy('service', 'asc').execute();
    return rows.map(fromRow);
  }
}

function fromRow(row: DeployLocksTable): DeployLock {
  return { service: row.service, environment: row.environment, reason: row.reason, lockedBy: row.locked_by, lockedAt: row.locked_at };
}
