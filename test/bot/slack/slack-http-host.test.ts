import { LogLevel } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { RedactingLogger } from '../../../src/bot/slack/redacting-logger.js';
import { type SlackFrontEnd, startSlackFrontEnd } from '../../../src/bot/slack/slack-front-end.js';
import { readSlackSettings } from '../../../src/bot/slack/slack-settings.js';
import { FakeSlackApi } from '../../support/fake-slack-api.js';
import { testOpsbot } from '../../support/test-opsbot.js';
import { BOT_TOKEN, SIGNING_SECRET } from './slack-harness.js';

/** HTTP mode started as `opsbot` starts it (no test override of where to listen): the address comes from HOST / slack.host. */
describe('Slack HTTP mode: where it listens', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  async function start(env: Record<string, string>, overrides = {}): Promise<SlackFrontEnd> {
    const fake = await new FakeSlackApi().start();
    stops.push(() => fake.close());
    const opsbot = await testOpsbot({ overrides });
    stops.push(() => opsbot.cleanup());
    const settings = readSlackSettings({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', ...env });
    const router = new CommandRouter(opsbot.gateway, opsbot.config);
    const frontEnd = await startSlackFrontEnd(opsbot, router, { settings: settings!, router, logger: new RedactingLogger(LogLevel.ERROR, () => undefined), sweepIntervalMs: 3_600_000, watchIntervalMs: 3_600_000 });
    stops.push(() => frontEnd.stop());
    return frontEnd;
  }

  it('binds loopback by default, like the webhook receiver and MCP', async () => {
    expect((await start({})).address).toBe('127.0.0.1');
  });

  it('binds slack.host from the config, and HOST over it', async () => {
    // Other loopback addresses (all of 127/8 is loopback), so each setting is visible in the address bound.
    expect((await start({}, { slack: { host: '127.0.0.3' } })).address).toBe('127.0.0.3');
    expect((await start({ HOST: '127.0.0.2' }, { slack: { host: '127.0.0.3' } })).address).toBe('127.0.0.2');
  });
});
