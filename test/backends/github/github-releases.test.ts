import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubReleases } from '../../../src/backends/github/github-releases.js';
import { ToolFailure } from '../../../src/errors.js';
import { FakeGitHub } from '../../support/fake-github-server.js';

const TOKEN = 'ghp_testtoken1234567890abcdefghij';
let github: FakeGitHub;
let releases: GitHubReleases;

beforeEach(async () => {
  github = new FakeGitHub('acme/app', TOKEN);
  await github.start();
  github.addRelease('v2026.11.0', '2026-11-10T00:00:00Z');
  github.addMergedPull('Old change', ['release'], '2026-11-09T12:00:00Z');
  github.addMergedPull('Add dark mode', ['release', 'feature'], '2026-11-12T12:00:00Z', 'alice');
  github.addMergedPull('Bump lint config', ['chore'], '2026-11-13T12:00:00Z');
  github.addMergedPull('Fix login redirect', ['release', 'fix'], '2026-11-14T12:00:00Z', 'bob');
  releases = new GitHubReleases({ repository: 'acme/app', integrationBranch: 'main', label: 'release', token: TOKEN, apiUrl: github.url, now: () => new Date('2026-11-21T09:00:00Z') });
});
afterEach(async () => {
  await github.stop();
});

describe('GitHub releases adapter (real Octokit against a loopback GitHub)', () => {
  it('creates the release branch and a release PR summarising release-labelled PRs merged since the last release', async () => {
    const prepared = await releases.prepare({ requestedBy: 'U00LEAD' });
    expect(prepared.version).toBe('v2026.11.1');
    expect(prepared.branchCreated).toBe(true);
    expect(github.refs.get('heads/release/v2026.11.1')).toBe(github.refs.get('heads/main'));
    expect(prepared.pulls.map((pull) => pull.title)).toEqual(['Add dark mode', 'Fix login redirect']);
    const pr = github.pulls.find((pull) => pull.number === prepared.pullRequest.number)!;
    expect(pr).toMatchObject({ title: 'Release v2026.11.1', state: 'open', head: { ref: 'release/v2026.11.1' }, base: { ref: 'main' } });
    expect(pr.body).toContain('#101 Add dark mode (@alice)');
    expect(pr.body).toContain('#103 Fix login redirect (@bob)');
    expect(pr.body).not.toContain('Bump lint config');
    expect(pr.body).not.toContain('Old change');
    expect(github.requests.every((request) => request.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('updates the same release PR in place when run again, picking up newly merged PRs', async () => {
    const first = await releases.prepare({ requestedBy: 'U00LEAD' });
    github.addMergedPull('Speed up checkout', ['release'], '2026-11-20T12:00:00Z', 'carol');
    const second = await releases.prepare({ requestedBy: 'U00LEAD' });
    expect(second.branchCreated).toBe(false);
    expect(second.pullRequest).toMatchObject({ number: first.pullRequest.number, created: false });
    expect(github.pulls.filter((pull) => pull.title.startsWith('Release ')).length).toBe(1);
    expect(github.pulls.find((pull) => pull.number === first.pullRequest.number)!.body).toContain('Speed up checkout (@carol)');
  });

  it('publishes a prepared release with notes, and refuses one never prepared', async () => {
    await expect(releases.publish({ version: 'v2026.11.7', requestedBy: 'U00LEAD' })).rejects.toThrow(/prepare release v2026.11.7 first/);
    await releases.prepare({ requestedBy: 'U00LEAD' });
    const published = await releases.publish({ version: 'v2026.11.1', requestedBy: 'U00LEAD' });
    expect(published.tag).toBe('v2026.11.1');
    expect(published.notes).toContain('Add dark mode');
    expect(github.releases.at(-1)).toMatchObject({ tag_name: 'v2026.11.1', target_commitish: 'release/v2026.11.1' });
    expect((await releases.latest())?.tag).toBe('v2026.11.1');
  });

  it('turns bad credentials into a readable failure that does not contain the token', async () => {
    const wrong = new GitHubReleases({ repository: 'acme/app', integrationBranch: 'main', label: 'release', token: 'ghp_wrongtoken1234567890abcdefghij', apiUrl: github.url });
    const error = await wrong.prepare({ requestedBy: 'U00LEAD' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ToolFailure);
    expect((error as Error).message).toContain('401');
    expect((error as Error).message).not.toContain('ghp_wrongtoken');
  });
});
