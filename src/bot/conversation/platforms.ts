/** The chat platforms opsbot speaks; each is one adapter of the conversation port. */
export const PLATFORMS = ['slack', 'teams', 'mattermost', 'discord'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A channel on some platform: `teams:19:abc@thread.tacv2`, `mattermost:k8x…`, `discord:1234…`; a bare id is Slack. */
export interface ChannelRef {
  platform: Platform;
  channel: string;
}

/** Reads a route's or config's channel: the prefix names the platform, none means Slack (as before). */
export function parseChannelRef(value: string): ChannelRef {
  const colon = value.indexOf(':');
  if (colon > 0) {
    const prefix = value.slice(0, colon);
    if ((PLATFORMS as readonly string[]).includes(prefix)) return { platform: prefix as Platform, channel: value.slice(colon + 1) };
  }
  return { platform: 'slack', channel: value };
}

/** The inverse of parseChannelRef: Slack channels stay bare, so stored Slack rows read as before. */
export function formatChannelRef(ref: ChannelRef): string {
  return ref.platform === 'slack' ? ref.channel : `${ref.platform}:${ref.channel}`;
}
