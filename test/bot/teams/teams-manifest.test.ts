import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { slashCommandNames } from '../../../src/agent/router/index.js';
import { validateConfig } from '../../../src/app/validate-config.js';
import { teamsManifest } from '../../../src/bot/teams/teams-manifest.js';
import { registerSlackCommands } from '../../../src/cli/commands/slack.js';
import { demoConfig } from '../../../src/config/demo-config.js';

const APP_ID = '6f1c2a55-3b1e-4c7e-9a0d-0123456789ab';

interface Manifest {
  id: string;
  manifestVersion: string;
  validDomains: string[];
  bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }> }>;
}

async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerSlackCommands(program);
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(['node', 'opsbot', 'manifest', ...args]);
  } finally {
    spy.mockRestore();
  }
  return written.join('');
}

describe('Teams app manifest', () => {
  it('names the bot by its app id in team, personal and group chat scopes, with commands from the tool registry', () => {
    const manifest = teamsManifest({ appId: APP_ID, host: 'https://opsbot.example.com/' }) as unknown as Manifest;
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.validDomains).toEqual(['opsbot.example.com']);
    const [bot] = manifest.bots;
    expect(bot!.botId).toBe(APP_ID);
    expect(bot!.scopes).toEqual(['team', 'personal', 'groupChat']);
    const commands = bot!.commandLists[0]!.commands;
    // Teams shows at most ten commands; they are the router's own words, in its order.
    expect(commands.map((command) => command.title)).toEqual(slashCommandNames(validateConfig(demoConfig)).slice(0, 10));
    for (const command of commands) {
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(128);
    }
  });

  it('is printed by `opsbot manifest --platform teams`; Slack stays the default', async () => {
    const teams = JSON.parse(await run(['--platform', 'teams', '--app-id', APP_ID, '--request-url', 'https://ops.example.com'])) as Manifest;
    expect(teams.bots[0]!.botId).toBe(APP_ID);
    expect(await run([])).toMatch(/^display_information:/m);
  });
});
