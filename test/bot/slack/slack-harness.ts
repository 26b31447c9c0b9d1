import { LogLevel, webApi } from '@slack/bolt';
import type { Responder } from '../../../src/agent/responder.js';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import type { Opsbot, OpsbotOptions } from '../../../src/app.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { incidentChannelServices } from '../../../src/bot/slack/incident-channel-services.js';
import { RedactingLogger } from '../../../src/bot/slack/redacting-logger.js';
import { SlackGroupDirectory } from '../../../src/bot/slack/slack-group-directory.js';
import { type SlackFrontEnd, startSlackFrontEnd } from '../../../src/bot/slack/slack-front-end.js';
import type { SlackSettings } from '../../../src/bot/slack/slack-settings.js';
import { FakeSlackApi, type FakeSlackOptions, SlackRequestSender } from '../../support/fake-slack-api.js';
import { testConfig, testOpsbot } from '../../support/test-opsbot.js';

export const SIGNING_SECRET = 'test-signing-secret-8f3a9c';
export const BOT_TOKEN = 'xoxb-1111-2222-test-bot-token';
export const CHANNEL = 'C0OPS';

/** A whole Slack front end on loopback: opsbot on a fresh store, the fake Web API, and a signed-request sender. */
export interface SlackHarness {
  fake: FakeSlackApi;
  opsbot: Opsbot & { cleanup(): Promise<void>; dataDir?: string };
  frontEnd: SlackFrontEnd;
  sender: SlackRequestSender;
  logs: string[];
  /** Stops the front end only (the store stays), for restart tests. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Options for a harness. */
export interface HarnessOptions {
  overrides?: Partial<ConfigInput>;
  fake?: FakeSlackOptions;
  /** The conversational responder; the offline router by default. */
  responder?: (opsbot: Opsbot) => Responder | Promise<Responder>;
  /** Shortest gap between two edits of one message (50 ms by default, to keep tests quick). */
  minEditIntervalMs?: number;
  /** How long an answer may take before its indicator shows (0 by default: tests see the indicator every time). */
  feedbackDelayMs?: number;
  now?: () => Date;
  onDisk?: boolean;
  /** Read roles mapped to user groups through the fake's usergroups.users.list. */
  groups?: boolean;
  /** Replace backend ports (e.g. monitoring whose health a test sets). */
  backends?: OpsbotOptions['backends'];
  /** The environment opsbot reads secrets from (e.g. PAGERDUTY_TOKEN for the PagerDuty adapters). */
  env?: NodeJS.ProcessEnv;
}

export async function slackHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const fake = await new FakeSlackApi(options.fake).start();
  const config = testConfig(options.overrides);
  const groupIds = Object.keys(config.policies.groups);
  const groups = options.groups ? new SlackGroupDirectory(new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl }), groupIds) : undefined;
  const opsbot = await testOpsbot({ overrides: options.overrides, now: options.now, onDisk: options.onDisk, groups, backends: options.backends, env: options.env ?? {} });
  const logs: string[] = [];
  const settings: SlackSettings = { mode: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, apiUrl: fake.apiUrl };
  const start = async () =>
    startSlackFrontEnd(opsbot, (await options.responder?.(opsbot)) ?? new CommandRouter(opsbot.gateway, opsbot.config, { channelServices: incidentChannelServices(opsbot.kv) }), {
      settings,
      router: new CommandRouter(opsbot.gateway, opsbot.config),
      logger: new RedactingLogger(LogLevel.INFO, (_level, line) => logs.push(line)),
      listen: { host: '127.0.0.1', port: 0 },
      sweepIntervalMs: 3_600_000,
      // Tests run watch checks themselves (frontEnd.watcher.checkOnce()).
      watchIntervalMs: 3_600_000,
      minEditIntervalMs: options.minEditIntervalMs ?? 50,
      feedbackDelayMs: options.feedbackDelayMs ?? 0,
    });
  const harness: SlackHarness = {
    fake,
    opsbot,
    frontEnd: await start(),
    sender: undefined as unknown as SlackRequestSender,
    logs,
    async restart() {
      harness.sender.close();
      await harness.frontEnd.stop();
      harness.frontEnd = await start();
      harness.sender = new SlackRequestSender(`http://127.0.0.1:${harness.frontEnd.port}/slack/events`, SIGNING_SECRET);
    },
    async close() {
      harness.sender.close();
      await harness.frontEnd.stop();
      await opsbot.cleanup();
      await fake.close();
    },
  };
  harness.sender = new SlackRequestSender(`http://127.0.0.1:${harness.frontEnd.port}/slack/events`, SIGNING_SECRET);
  return harness;
}

/** A second Slack front end on the harness's store, gateway and fake Slack: a replica. Stop it in the test. */
export function startReplica(h: SlackHarness): Promise<SlackFrontEnd> {
  return startSlackFrontEnd(h.opsbot, new CommandRouter(h.opsbot.gateway, h.opsbot.config), {
    settings: { mode: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, apiUrl: h.fake.apiUrl },
    router: new CommandRouter(h.opsbot.gateway, h.opsbot.config),
    logger: new RedactingLogger(LogLevel.ERROR, () => undefined),
    listen: { host: '127.0.0.1', port: 0 },
    sweepIntervalMs: 3_600_000,
    watchIntervalMs: 3_600_000,
  });
}

/** An app_mention event as Slack sends it. */
export function mention(user: string, text: string, ts: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'app_mention', user, text: `<@U0BOT> ${text}`, ts, channel: CHANNEL, team: 'T0TEAM', ...extra };
}

/** A message event (DM or channel) as Slack sends it. */
export function message(user: string, text: string, ts: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'message', user, text, ts, channel: CHANNEL, channel_type: 'channel', team: 'T0TEAM', ...extra };
}
