import type { GroupDirectory } from '../../backends/ports/user-groups.js';
import { slackErrorCode, type SlackClient } from './slack-client.js';

/** Five minutes: a removal from a user group takes effect within that, for one API call per group per window. */
export const GROUP_CACHE_TTL_MS = 5 * 60_000;

interface CachedMembers {
  members: Set<string>;
  fetchedAt: number;
}

/**
 * Slack user-group membership for roles mapped to groups (`policies.groups`), read with usergroups.users.list
 * per configured group and cached. A failed lookup throws, and the policy engine turns that into a denial
 * (fail closed): stale membership is never used past its time to live.
 */
export class SlackGroupDirectory implements GroupDirectory {
  private readonly cache = new Map<string, CachedMembers>();
  private readonly inFlight = new Map<string, Promise<CachedMembers>>();

  constructor(
    private readonly client: Pick<SlackClient, 'usergroups'>,
    private readonly groupIds: readonly string[],
    private readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

  async groupsOf(userId: string): Promise<string[]> {
    const memberships = await Promise.all(this.groupIds.map(async (groupId) => ((await this.membersOf(groupId)).members.has(userId) ? groupId : undefined)));
    return memberships.filter((groupId): groupId is string => groupId !== undefined);
  }

  private async membersOf(groupId: string): Promise<CachedMembers> {
    const cached = this.cache.get(groupId);
    if (cached && this.now() - cached.fetchedAt < (this.options.ttlMs ?? GROUP_CACHE_TTL_MS)) return cached;
    // Concurrent lookups of one group share a single API call.
    let pending = this.inFlight.get(groupId);
    if (!pending) {
      pending = this.fetch(groupId).finally(() => this.inFlight.delete(groupId));
      this.inFlight.set(groupId, pending);
    }
    return pending;
  }

  private async fetch(groupId: string): Promise<CachedMembers> {
    let users: string[];
    try {
      users = (await this.client.usergroups.users.list({ usergroup: groupId })).users ?? [];
    } catch (error) {
      // A group that does not exist has no members: a definite answer, unlike an outage, which must deny.
      if (slackErrorCode(error) !== 'no_such_subteam') throw error;
      users = [];
    }
    const entry = { members: new Set(users), fetchedAt: this.now() };
    this.cache.set(groupId, entry);
    return entry;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
