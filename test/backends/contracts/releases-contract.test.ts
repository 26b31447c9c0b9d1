import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubReleases } from '../../../src/backends/github/github-releases.js';
import type { DemoReleases } from '../../../src/backends/demo/demo-releases.js';
import type { ReleasesPort } from '../../../src/backends/ports/releases.js';
import { ToolFailure } from '../../../src/errors.js';
import { FakeGitHub } from '../../support/fake-github-server.js';
import { demoFixture } from '../demo/demo-fixture.js';

const TOKEN = 'ghp_contracttoken1234567890abcdefgh';

/** A ReleasesPort with a last release and release-labelled PRs merged since, on the demo store or a loopback GitHub. */
interface ReleasesUnderTest {
  name: string;
  open(): Promise<{ releases: ReleasesPort; close(): Promise<void>; proposed(branch: string, path: string): Promise<string | undefined> }>;
}

const ADAPTERS: ReleasesUnderTest[] = [
  {
    name: 'demo',
    async open() {
      const { backends, store } = await demoFixture({ at: '2026-11-18T14:00:00Z' });
      const demo = backends.releases as DemoReleases;
      return { releases: backends.releases, close: () => store.close(), proposed: async (branch, path) => (await demo.proposals('acme/app')).find((pull) => pull.branch === branch && pull.path === path)?.content };
    },
  },
  {
    name: 'github',
    async open() {
      const github = new FakeGitHub('acme/app', TOKEN);
      await github.start();
      github.addRelease('v2026.11.0', '2026-11-10T00:00:00Z');
      github.addMergedPull('Add dark mode', ['release', 'feature'], '2026-11-12T12:00:00Z', 'alice');
      github.addMergedPull('Bump lint config', ['chore'], '2026-11-13T12:00:00Z');
      github.addMergedPull('Fix login redirect', ['release', 'fix'], '2026-11-14T12:00:00Z', 'bob');
      const releases = new GitHubReleases({ repository: 'acme/app', integrationBranch: 'main', label: 'release', token: TOKEN, apiUrl: github.url, now: () => new Date('2026-11-18T14:00:00Z') });
      return { releases, close: () => github.stop(), proposed: async (branch, path) => github.files.get(`${branch}:${path}`)?.content };
    },
  },
];

/** What every ReleasesPort promises (DESIGN §8: one contract suite per port, every adapter). */
describe.each(ADAPTERS)('ReleasesPort contract: $name', (adapter) => {
  let subject: Awaited<ReturnType<ReleasesUnderTest['open']>>;
  beforeEach(async () => {
    subject = await adapter.open();
  });
  afterEach(() => subject.close());

  it('prepares the next version on a release branch with one release PR of release-labelled PRs only', async () => {
    const previous = await subject.releases.latest();
    expect(previous?.tag).toBe('v2026.11.0');
    const prepared = await subject.releases.prepare({ requestedBy: 'U00DEV' });
    expect(prepared).toMatchObject({ version: 'v2026.11.1', branch: 'release/v2026.11.1', branchCreated: true, previousRelease: 'v2026.11.0' });
    expect(prepared.pullRequest).toMatchObject({ created: true, title: 'Release v2026.11.1' });
    expect(prepared.pulls.length).toBeGreaterThan(0);
    expect(prepared.pulls.every((pull) => pull.labels.includes('release'))).toBe(true);
    for (const pull of prepared.pulls) expect(prepared.pullRequest.body).toContain(`#${pull.number} ${pull.title}`);
  });

  it('prepared again, updates the same branch and PR in place', async () => {
    const first = await subject.releases.prepare({ requestedBy: 'U00DEV' });
    const second = await subject.releases.prepare({ requestedBy: 'U00LEAD' });
    expect(second).toMatchObject({ version: first.version, branch: first.branch, branchCreated: false });
    expect(second.pullRequest).toMatchObject({ number: first.pullRequest.number, created: false });
  });

  it('publishes only a prepared release, which then is the latest', async () => {
    await expect(subject.releases.publish({ version: 'v2026.11.7', requestedBy: 'U00LEAD' })).rejects.toBeInstanceOf(ToolFailure);
    const prepared = await subject.releases.prepare({ requestedBy: 'U00DEV' });
    const published = await subject.releases.publish({ version: prepared.version, requestedBy: 'U00LEAD' });
    expect(published).toMatchObject({ version: prepared.version, tag: prepared.version });
    expect(published.notes).toContain(prepared.pulls[0]!.title);
    expect((await subject.releases.latest())?.tag).toBe(prepared.version);
  });

  it('proposes a file as a pull request, and updates the same PR when proposed again on its branch', async () => {
    const proposal = { repository: 'acme/app', path: 'postmortems/2026-11-18-INC-2026-0001.md', branch: 'postmortem/inc-2026-0001', title: 'Postmortem INC-2026-0001', body: 'Draft', requestedBy: 'U00SRE' };
    const first = await subject.releases.proposeFile({ ...proposal, content: '# Draft one\n' });
    expect(first).toMatchObject({ branch: proposal.branch, created: true });
    expect(first.url).toContain(`/pull/${first.number}`);
    expect(await subject.proposed(proposal.branch, proposal.path)).toBe('# Draft one\n');
    const second = await subject.releases.proposeFile({ ...proposal, content: '# Draft two\n' });
    expect(second).toMatchObject({ number: first.number, created: false });
    expect(await subject.proposed(proposal.branch, proposal.path)).toBe('# Draft two\n');
  });
});
