import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { versionSchema } from './catalog.js';

/** `release_prepare`: release branch, release PR summarising merged PRs (updated in place when run again). */
export function releasePrepareTool() {
  return defineTool({
    name: 'release_prepare',
    group: 'releases',
    commands: [{ command: 'release', usage: 'release prepare [VERSION]', summary: 'release branch and release PR ("release" alone asks which)', words: ['prepare'], roles: { version: 'version' } }],
    title: 'Prepare a release',
    description: 'Prepare a release: branch and release PR of release-labelled PRs merged since the last.',
    input: z.object({ version: versionSchema.optional() }),
    effect: 'mutate',
    openWorld: true,
    destructive: false,
    idempotent: true,
    permission: { verb: 'release', scopes: ['prepare'], scopeOf: () => 'prepare' },
    describe: (args) => `prepare release ${args.version ?? '(next version)'}: release branch and release PR`,
    async run(args, { backends, actor, progress }) {
      progress?.('collecting merged pull requests…');
      const prepared = await backends.releases.prepare({ version: args.version, requestedBy: actor });
      const pulls = prepared.pulls.map((pull) => `  #${pull.number} ${pull.title} (@${pull.author})`);
      const text = [
        `Release ${prepared.version}: branch ${prepared.branch} ${prepared.branchCreated ? 'created' : 'reused'}; PR #${prepared.pullRequest.number} ${prepared.pullRequest.created ? 'opened' : 'updated'} (${prepared.pullRequest.url}).`,
        `${prepared.pulls.length} PR(s) since ${prepared.previousRelease ?? 'the beginning'}:`,
        ...pulls,
      ].join('\n');
      return { text, data: { release: prepared } };
    },
  });
}

/** `release_publish`: tag a prepared release and publish its notes. */
export function releasePublishTool() {
  return defineTool({
    name: 'release_publish',
    group: 'releases',
    commands: [{ command: 'release', usage: 'release publish VERSION', summary: 'tag and publish a prepared release', words: ['publish'], roles: { version: 'version' } }],
    title: 'Publish a release',
    description: 'Publish a prepared release: tag and release notes.',
    input: z.object({ version: versionSchema }),
    effect: 'mutate',
    openWorld: true,
    destructive: false,
    permission: { verb: 'release', scopes: ['publish'], scopeOf: () => 'publish' },
    describe: (args) => `publish release ${args.version} (tag and notes)`,
    async run(args, { backends, actor }) {
      const published = await backends.releases.publish({ version: args.version, requestedBy: actor });
      return { text: `Published ${published.tag}: ${published.url}\n${published.notes}`, data: { release: published } };
    },
  });
}
