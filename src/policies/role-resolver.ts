import type { GroupDirectory } from '../backends/ports/user-groups.js';
import type { Config } from '../config/schema.js';

/** Roles for an identity: the user's own entries plus those of groups they belong to. */
export class RoleResolver {
  constructor(
    private readonly policies: Config['policies'],
    private readonly groups?: GroupDirectory,
  ) {}

  async rolesOf(userId: string): Promise<string[]> {
    const roles = new Set(this.policies.users[userId] ?? []);
    const groupIds = Object.keys(this.policies.groups);
    if (this.groups && groupIds.length > 0) {
      // Errors propagate: the policy engine turns them into a denial (fail closed).
      const memberOf = await this.groups.groupsOf(userId);
      for (const groupId of memberOf) for (const role of this.policies.groups[groupId] ?? []) roles.add(role);
    }
    return [...roles].sort();
  }
}
