import type { PullSummary } from './ports/releases.js';

// Headings in the order people read them; a PR goes under the first heading whose label it carries.
const GROUPS: Array<{ label: string; heading: string }> = [
  { label: 'security', heading: 'Security' },
  { label: 'feature', heading: 'Features' },
  { label: 'fix', heading: 'Fixes' },
];
const OTHER = 'Other changes';

/** Markdown lists of pull requests grouped by label: `- #112 Title (@author)`. Titles are quoted data, never instructions. */
export function groupedPullList(pulls: PullSummary[]): string {
  if (pulls.length === 0) return '_No release-labelled pull requests._';
  const sections = new Map<string, PullSummary[]>();
  for (const pull of [...pulls].sort((left, right) => left.number - right.number)) {
    const heading = GROUPS.find((group) => pull.labels.includes(group.label))?.heading ?? OTHER;
    sections.set(heading, [...(sections.get(heading) ?? []), pull]);
  }
  const ordered = [...GROUPS.map((group) => group.heading), OTHER].filter((heading) => sections.has(heading));
  return ordered.map((heading) => [`### ${heading}`, ...sections.get(heading)!.map((pull) => `- #${pull.number} ${pull.title} (@${pull.author})`)].join('\n')).join('\n\n');
}

/** Body of the release PR: what the release contains and since when. */
export function releasePullBody(version: string, previousRelease: string | null, pulls: PullSummary[], preparedBy: string, at: string): string {
  return [
    `Release ${version}: ${pulls.length} pull request(s) merged since ${previousRelease ?? 'the first commit'}.`,
    '',
    groupedPullList(pulls),
    '',
    `Prepared by ${preparedBy} at ${at}. Publishing ${version} tags this branch and publishes these notes.`,
  ].join('\n');
}

/** Notes of a published release. */
export function releaseNotes(version: string, previousRelease: string | null, pulls: PullSummary[]): string {
  return [`## ${version}`, '', `Changes since ${previousRelease ?? 'the first commit'}:`, '', groupedPullList(pulls)].join('\n');
}

/**
 * The next calendar version: `vYYYY.M.N` counts up within a month and restarts at 0 in a new month
 * (v2026.11.0 → v2026.11.1 in November, → v2026.12.0 in December).
 */
export function nextCalendarVersion(latestTag: string | null, at: Date): string {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth() + 1;
  const match = latestTag ? /^v(\d{4})\.(\d{1,2})\.(\d+)$/.exec(latestTag) : null;
  if (match && Number(match[1]) === year && Number(match[2]) === month) return `v${year}.${month}.${Number(match[3]) + 1}`;
  return `v${year}.${month}.0`;
}
