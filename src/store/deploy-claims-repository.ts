import type { DeployClaim, DeployClaimsPort } from './deploy-claims.js';
import type { Store } from './open-store.js';

const NAMESPACE = 'deploying';

/**
 * Deploy claims as rows of the `kv` table (namespace `deploying`, key `SERVICE/ENV`): inserting a row that already
 * exists does nothing, so of two replicas claiming at once exactly one inserts. A claim lives as long as its
 * action's run lease: once the action has left `running`, or its process stopped renewing the lease, the claim
 * is stale and the next claimant (or the lease sweep) removes it.
 */
export class DeployClaimsRepository implements DeployClaimsPort {
  constructor(
    private readonly store: Store,
    private readonly leaseMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async claim(service: string, environment: string, actionId: string): Promise<{ claimed: true } | { claimed: false; holder: DeployClaim }> {
    // Two tries: the second after removing a stale claim (a crashed replica's).
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await this.insert(service, environment, actionId)) return { claimed: true };
      const row = await this.row(service, environment);
      if (!row) continue;
      const holder = parse(row.value_json, service, environment);
      if (holder.actionId === actionId) return { claimed: true };
      if (!(await this.isStale(holder))) return { claimed: false, holder };
      await this.deleteExactly(service, environment, row.value_json);
    }
    const row = await this.row(service, environment);
    if (!row) throw new Error(`the deploy claim of ${service}/${environment} could not be taken or read`);
    return { claimed: false, holder: parse(row.value_json, service, environment) };
  }

  async release(service: string, environment: string, actionId: string): Promise<void> {
    const row = await this.row(service, environment);
    if (row && parse(row.value_json, service, environment).actionId === actionId) await this.deleteExactly(service, environment, row.value_json);
  }

  async sweep(): Promise<number> {
    const rows = await this.store.db.selectFrom('kv').select(['key', 'value_json']).where('namespace', '=', NAMESPACE).execute();
    let removed = 0;
    for (const row of rows) {
      const [service = '', environment = ''] = row.key.split('/');
      if (await this.isStale(parse(row.value_json, service, environment))) removed += (await this.deleteExactly(service, environment, row.value_json)) ? 1 : 0;
    }
    return removed;
  }

  private async insert(service: string, environment: string, actionId: string): Promise<boolean> {
    const at = this.now().toISOString();
    const result = await this.store.db
      .insertInto('kv')
      .values({ namespace: NAMESPACE, key: keyOf(service, environment), value_json: JSON.stringify({ actionId, claimedAt: at }), updated_at: at })
      .onConflict((conflict) => conflict.columns(['namespace', 'key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  private row(service: string, environment: string) {
    return this.store.db.selectFrom('kv').select('value_json').where('namespace', '=', NAMESPACE).where('key', '=', keyOf(service, environment)).executeTakeFirst();
  }

  /** Deletes the claim only if it is still the one read, so a claim taken meanwhile by someone else survives. */
  private async deleteExactly(service: string, environment: string, valueJson: string): Promise<boolean> {
    const result = await this.store.db.deleteFrom('kv').where('namespace', '=', NAMESPACE).where('key', '=', keyOf(service, environment)).where('value_json', '=', valueJson).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** The holder's action is not running, or has not renewed its lease within one lease period. */
  private async isStale(holder: DeployClaim): Promise<boolean> {
    const action = await this.store.db.selectFrom('actions').select(['state', 'updated_at']).where('id', '=', holder.actionId).executeTakeFirst();
    const lapsed = (at: string) => this.now().getTime() - Date.parse(at) > this.leaseMs;
    if (!action) return lapsed(holder.claimedAt);
    return action.state !== 'running' || lapsed(action.updated_at);
  }
}

function keyOf(service: string, environment: string): string {
  return `${service}/${environment}`;
}

function parse(valueJson: string, service: string, environment: string): DeployClaim {
  const value = JSON.parse(valueJson) as { actionId: string; claimedAt: string };
  return { service, environment, actionId: value.actionId, claimedAt: value.claimedAt };
}
