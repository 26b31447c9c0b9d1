import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, SOURCE, sourceFiles } from './source-files.js';

/**
 * Chat platforms are adapters of the conversation port, side by side under src/bot/ (issue 22): what posts cards,
 * opens incident rooms and runs workflows speaks only the port, so no platform is imported from above its adapter.
 */
const NEUTRAL = ['bot/webhooks', 'workflows', 'bot/outbox', 'bot/conversation'];
const PLATFORM_FOLDERS = ['bot/slack', 'bot/teams', 'bot/mattermost', 'bot/discord'];
// A platform's SDK: Slack's packages, the Teams SDK and Bot Framework, Mattermost's client, discord.js and its parts.
const PLATFORM_PACKAGES = /^(@slack\/|@microsoft\/teams|botbuilder|botframework|@mattermost\/|discord\.js|@discordjs\/|discord-api-types)/;
const PACKAGE_IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'".][^'"]*)['"]|import\(\s*['"]([^'".][^'"]*)['"]\s*\)/g;

function folderOf(path: string): string {
  return relative(SOURCE, path).split(sep).join('/');
}

function platformImports(file: string): string[] {
  const local = importsOf(file).filter((specifier) => {
    const target = folderOf(resolve(dirname(file), specifier));
    return PLATFORM_FOLDERS.some((folder) => target === folder || target.startsWith(`${folder}/`));
  });
  const packages = [...readFileSync(file, 'utf8').matchAll(PACKAGE_IMPORT)].map((match) => match[1] ?? match[2]!).filter((name) => PLATFORM_PACKAGES.test(name));
  return [...local, ...packages];
}

describe('platform modules stay in their adapters', () => {
  const files = sourceFiles().filter((file) => NEUTRAL.some((folder) => folderOf(file).startsWith(`${folder}/`)));

  it('src/bot/webhooks, src/workflows, src/bot/outbox and src/bot/conversation import no platform module or SDK', () => {
    const violations = files.flatMap((file) => platformImports(file).map((specifier) => `${folderOf(file)} imports ${specifier}`));
    expect(violations).toEqual([]);
  });

  it('sees what it checks (the scanner finds a platform import where one is)', () => {
    expect(files.length).toBeGreaterThan(20);
    const adapter = join(SOURCE, 'bot/slack/slack-card-sender.ts');
    expect(platformImports(adapter)).toEqual(expect.arrayContaining(['@slack/bolt']));
    expect(platformImports(join(SOURCE, 'bot/slack/event-card-listeners.ts'))).toEqual(expect.arrayContaining(['@slack/bolt']));
  });
});
