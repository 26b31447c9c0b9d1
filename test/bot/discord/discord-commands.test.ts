import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { discordCommands, type DiscordCommand } from '../../../src/bot/discord/discord-commands.js';
import { createDiscordPort } from '../../../src/bot/discord/start-discord.js';
import { slashCommandNames } from '../../../src/agent/router/index.js';
import { validateConfig } from '../../../src/app/validate-config.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { registerSlackCommands } from '../../../src/cli/commands/slack.js';
import { redactText } from '../../../src/util/redact.js';

async function printed(args: string[]): Promise<string> {
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

describe('Discord application commands', () => {
  it('are /opsbot plus one command per command word of the registry, within Discord limits', () => {
    const commands = discordCommands();
    expect(commands[0]).toMatchObject({ name: 'opsbot', type: 1, options: [{ name: 'text', type: 3, required: true }] });
    expect(commands.slice(1).map((command) => command.name)).toEqual(slashCommandNames(validateConfig(demoConfig)));
    expect(commands.length).toBeLessThanOrEqual(100);
    for (const command of commands) {
      expect(command.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(100);
      for (const option of command.options) expect(option.description.length).toBeLessThanOrEqual(100);
    }
    expect(commands.find((command) => command.name === 'deploy')?.options[0]?.description).toMatch(/^SERVICE VERSION \[to\] ENVIRONMENT/);
  });

  it('are printed by `opsbot manifest --platform discord` as the PUT /applications/{id}/commands body; Slack stays the default', async () => {
    expect(JSON.parse(await printed(['--platform', 'discord'])) as DiscordCommand[]).toEqual(discordCommands());
    expect(await printed([])).toContain('socket_mode_enabled: true');
  });
});

describe('createDiscordPort', () => {
  const settings = { applicationId: '1180000000000000001', publicKey: 'env:DISCORD_PUBLIC_KEY', botToken: 'env:DISCORD_BOT_TOKEN', port: 0, host: '127.0.0.1', apiUrl: 'http://127.0.0.1:9/api/v10' };

  it('reads the secrets from the environment and keeps the bot token out of every log', () => {
    const token = 'MTE4MDAwMDAwMDAwMDAwMDAwMQ.start-test.secret-bot-token';
    const port = createDiscordPort(settings, { DISCORD_PUBLIC_KEY: 'ab'.repeat(32), DISCORD_BOT_TOKEN: token });
    expect(port.platform).toBe('discord');
    expect(redactText(`failed with ${token}`)).not.toContain(token);
  });

  it('names the missing variable, and refuses a public key that is not hex', () => {
    expect(() => createDiscordPort(settings, { DISCORD_PUBLIC_KEY: 'ab'.repeat(32) })).toThrow(/DISCORD_BOT_TOKEN/);
    expect(() => createDiscordPort(settings, { DISCORD_PUBLIC_KEY: 'not-a-key', DISCORD_BOT_TOKEN: 'x'.repeat(20) })).toThrow(/publicKey/);
  });
});
