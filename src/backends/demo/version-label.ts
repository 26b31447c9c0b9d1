/** Version labels as the simulated deploy system stores them: always with a leading `v`, like the seeded fleet. */
export function normalizeVersion(version: string): string {
  const trimmed = version.trim();
  return /^v/i.test(trimmed) ? `v${trimmed.slice(1)}` : `v${trimmed}`;
}

/** The patch release after `version` (`v2.3.1` → `v2.3.2`); unparseable labels are returned unchanged. */
export function nextPatch(version: string): string {
  const parts = parse(version);
  return parts ? `v${parts.major}.${parts.minor}.${parts.patch + 1}` : version;
}

/** A plausible earlier release (`v2.3.1` → `v2.3.0`, `v2.3.0` → `v2.2.4`), for seeding history. */
export function earlierVersion(version: string, seed: number): string {
  const parts = parse(version);
  if (!parts) return version;
  if (parts.patch > 0) return `v${parts.major}.${parts.minor}.${parts.patch - 1}`;
  if (parts.minor > 0) return `v${parts.major}.${parts.minor - 1}.${2 + (seed % 4)}`;
  return `v${Math.max(0, parts.major - 1)}.${5 + (seed % 4)}.${seed % 3}`;
}

function parse(version: string): { major: number; minor: number; patch: number } | null {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match ? { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) } : null;
}
