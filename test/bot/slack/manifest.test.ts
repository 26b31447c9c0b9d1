import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { BOT_EVENTS, BOT_SCOPES, slackManifestYaml } from '../../../src/bot/slack/manifest.js';
import { slashCommands } from '../../../src/bot/slack/slash-commands.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { validateConfig } from '../../../src/app/validate-config.js';

const SLASH_COMMANDS = slashCommands(validateConfig(demoConfig));
import { registerSlackCommands } from '../../../src/cli/commands/slack.js';

interface Manifest {
  features: { slash_commands: Array<{ command: string; description: string; usage_hint: string; url?: string }>; bot_user: { display_name: string } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url?: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url?: string }; socket_mode_enabled: boolean };
}

describe('Slack app manifest', () => {
  it('asks for Socket Mode by default, with the scopes, events, commands and interactivity opsbot uses', () => {
    const manifest = parse(slackManifestYaml()) as Manifest;
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true });
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([...BOT_EVENTS]);
    expect(manifest.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
    // The outbox posts to routed public channels it was not invited to, joining them first.
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['chat:write.public', 'channels:join']));
    expect(manifest.features.slash_commands.map((command) => command.command)).toEqual(SLASH_COMMANDS.map((name) => `/${name}`));
    for (const command of manifest.features.slash_commands) {
      expect(command.url).toBeUndefined();
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(100);
      expect(command.usage_hint.length).toBeLessThanOrEqual(100);
    }
    expect(manifest.features.slash_commands.find((command) => command.command === '/deploy')?.usage_hint).toMatch(/^SERVICE VERSION \[to\] ENVIRONMENT \| list/);
  });

  it('points events, commands and interactivity at one HTTP path in HTTP mode', () => {
    const manifest = parse(slackManifestYaml({ requestUrl: 'https://opsbot.example.com/', name: 'ops' })) as Manifest;
    const url = 'https://opsbot.example.com/slack/events';
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.event_subscriptions.request_url).toBe(url);
    expect(manifest.settings.interactivity.request_url).toBe(url);
    expect(new Set(manifest.features.slash_commands.map((command) => command.url))).toEqual(new Set([url]));
    expect(manifest.features.bot_user.display_name).toBe('ops');
  });

  it('is printed by `opsbot manifest`', async () => {
    const program = new Command().exitOverride();
    registerSlackCommands(program);
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(['node', 'opsbot', 'manifest', '--request-url', 'https://ops.example.com']);
    } finally {
      spy.mockRestore();
    }
    expect((parse(written.join('')) as Manifest).settings.event_subscriptions.request_url).toBe('https://ops.example.com/slack/events');
  });
});
