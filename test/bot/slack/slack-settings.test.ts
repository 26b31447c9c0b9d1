import { describe, expect, it } from 'vitest';
import { readSlackSettings } from '../../../src/bot/slack/slack-settings.js';
import { slackConfigured } from '../../../src/cli/commands/slack.js';

describe('Slack settings from the environment', () => {
  it('chooses Socket Mode with an app token, HTTP with a signing secret, nothing without a bot token', () => {
    expect(readSlackSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual({ mode: 'socket', botToken: 'xoxb-1', appToken: 'xapp-1', apiUrl: 'https://slack.com/api/' });
    expect(readSlackSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'shh', PORT: '8080', SLACK_API_URL: 'http://127.0.0.1:9999/api' })).toEqual({
      mode: 'http',
      botToken: 'xoxb-1',
      signingSecret: 'shh',
      port: 8080,
      apiUrl: 'http://127.0.0.1:9999/api/',
    });
    expect(readSlackSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'shh' })).toMatchObject({ port: 3000 });
    expect(readSlackSettings({ SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 'shh' })).toBeUndefined();
    expect(readSlackSettings({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBeUndefined();
    expect(slackConfigured({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'shh' })).toBe(true);
    expect(slackConfigured({})).toBe(false);
  });

  it('refuses a PORT that is not a port', () => {
    expect(() => readSlackSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'shh', PORT: 'eighty' })).toThrow(/PORT must be a TCP port/);
  });
});
