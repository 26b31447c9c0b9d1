// User-groups port: which user groups (Slack `S…` ids) a person belongs to, for roles granted to a group.
// The Slack front end implements it with a cache; an error here is a denial (the policy engine fails closed).

/** Looks up which user groups (Slack `S…` ids) a user belongs to; a Slack adapter implements it with a cache. */
export interface GroupDirectory {
  groupsOf(userId: string): Promise<string[]>;
}
