/**
 * A Mattermost channel name (the URL handle) from a room name: lower-case letters, digits, `-` and `_`, starting and
 * ending with a letter or digit, at most 64 characters (Mattermost refuses anything else with a 400).
 */
export function channelNameOf(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, 64)
    .replace(/^[-_]+|[-_]+$/g, '');
  // A name of one character, or none left, gets a prefix that makes it valid.
  return cleaned.length >= 2 ? cleaned : `opsbot-${cleaned || 'room'}`;
}
