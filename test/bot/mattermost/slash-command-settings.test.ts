import { describe, expect, it } from 'vitest';
import { parse, slashCommandNames } from '../../../src/agent/router/index.js';
import { mattermostSlashCommand } from '../../../src/bot/mattermost/slash-command-settings.js';
import { testConfig } from '../../support/test-config.js';

describe('the Mattermost slash command settings', () => {
  const config = testConfig();
  const settings = mattermostSlashCommand(config, 'https://opsbot.example.com/');

  it('points the one trigger at the command path, as a POST', () => {
    expect(settings).toMatchObject({ trigger: 'opsbot', method: 'P', url: 'https://opsbot.example.com/mattermost/command', auto_complete: true });
  });

  it('hints help first, then command words of the registry, cut short with an ellipsis', () => {
    const words = settings.auto_complete_hint.replace(/^\[|\]$/g, '').split(' | ');
    expect(words[0]).toBe('help');
    const known = slashCommandNames(config);
    for (const word of words.slice(1).filter((word) => word !== '…')) expect(known).toContain(word);
    expect(words.length).toBeGreaterThan(3);
    expect(settings.auto_complete_hint.length).toBeLessThanOrEqual(120);
  });

  it('/opsbot help reaches the router as help (the text after the trigger is what opsbot gets)', () => {
    expect(parse('help', config).kind).toBe('help');
  });
});
