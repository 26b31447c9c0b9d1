import type { Config } from '../../config/schema.js';
import type { Platform } from './platforms.js';

/**
 * Maps a platform's verified user id to the opsbot person it belongs to (DESIGN §2). A Slack user id is the
 * identity itself; on Teams, Mattermost and Discord a person is found by `people.<id>.ids.<platform>`. An
 * unmapped user has no identity: the front end denies them and says how to get mapped.
 */
export class Identities {
  private readonly byPlatform = new Map<Platform, Map<string, string>>();

  constructor(people: Config['people']) {
    for (const [person, entry] of Object.entries(people)) {
      for (const [platform, id] of Object.entries(entry.ids ?? {}) as Array<[Platform, string | undefined]>) {
        if (!id) continue;
        const ids = this.byPlatform.get(platform) ?? new Map<string, string>();
        ids.set(id, person);
        this.byPlatform.set(platform, ids);
      }
    }
  }

  /** The opsbot person of a platform user, or undefined when nobody mapped them. */
  personOf(platform: Platform, platformUserId: string): string | undefined {
    if (platform === 'slack') return platformUserId;
    return this.byPlatform.get(platform)?.get(platformUserId);
  }

  /** A person's id on a platform (to mention or invite them there), when known. */
  platformIdOf(platform: Platform, person: string, people: Config['people']): string | undefined {
    if (platform === 'slack') return person;
    return people[person]?.ids?.[platform as Exclude<Platform, 'slack'>];
  }
}

/** What an unmapped user is told: nothing about what exists, only how to be recognised. */
export function unmappedNotice(platform: Platform, platformUserId: string): string {
  return `I don't know who you are on ${platformName(platform)}, so you have no role here yet. Ask an opsbot admin to add your id to your entry in the config: people.<your Slack id>.ids.${platform}: '${platformUserId}'.`;
}

export function platformName(platform: Platform): string {
  return { slack: 'Slack', teams: 'Microsoft Teams', mattermost: 'Mattermost', discord: 'Discord' }[platform];
}
