import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, SOURCE, sourceFiles } from './source-files.js';

/**
 * DESIGN §7: every chat platform is an adapter of one conversation port, and nothing above the adapters imports a
 * platform module. The platform-neutral code (the port, cards, approval cards, the chat front end) reaches no
 * platform folder and no platform SDK, however many files lie between.
 */
const PLATFORM_FOLDERS = ['slack', 'teams', 'mattermost', 'discord'].map((platform) => join('bot', platform) + '/');
const PLATFORM_PACKAGES = /\bfrom\s*['"](@slack\/|@microsoft\/teams|@mattermost\/|discord\.js|@discordjs\/)/;

function reachable(start: string[]): Map<string, string> {
  // Each reached file, with the file that led to it, for a message that shows the path.
  const from = new Map<string, string>(start.map((file) => [file, '']));
  const queue = [...start];
  while (queue.length) {
    const file = queue.shift()!;
    for (const specifier of importsOf(file)) {
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      if (!existsSync(target) || from.has(target)) continue;
      from.set(target, file);
      queue.push(target);
    }
  }
  return from;
}

describe('the conversation layer', () => {
  const neutral = sourceFiles(join(SOURCE, 'bot', 'conversation'));

  it('reaches no platform adapter and no platform SDK, directly or through other files', () => {
    const violations: string[] = [];
    for (const [file, via] of reachable(neutral)) {
      const path = relative(SOURCE, file);
      const viaPath = via ? relative(SOURCE, via) : '(start)';
      if (PLATFORM_FOLDERS.some((folder) => path.startsWith(folder))) violations.push(`${path} reached from ${viaPath}`);
      else if (readFileSync(file, 'utf8').split('\n').some((line) => /^\s*(import|export)\b/.test(line) && PLATFORM_PACKAGES.test(line))) violations.push(`${path} imports a platform SDK (reached from ${viaPath})`);
    }
    expect(violations).toEqual([]);
  });

  it('sees the files it checks', () => {
    expect(neutral.map((file) => relative(SOURCE, file))).toEqual(expect.arrayContaining([join('bot', 'conversation', 'chat-front-end.ts'), join('bot', 'conversation', 'approval-cards.ts')]));
  });
});
