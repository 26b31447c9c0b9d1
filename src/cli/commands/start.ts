import type { Command } from 'commander';
import type { Opsbot } from '../../app.js';
import { createResponder } from '../../agent/create-responder.js';
import { CommandRouter } from '../../agent/router/command-router.js';
import { incidentChannelServices } from '../../bot/slack/incident-channel-services.js';
import { OpsbotError } from '../../errors.js';
import { startShell } from './shell.js';
import { slackConfigured, startSlack } from './slack.js';
import { withOpsbot } from './open-opsbot.js';

/** Registers `opsbot` (no command) and `opsbot start`: Slack when its tokens are set, else the interactive shell. */
export function registerStartCommand(program: Command): void {
  // The program's own action runs when no subcommand matched, so an unknown word is reported as such here.
  program
    .argument('[command]', 'a command below; none starts the front ends')
    .usage('[options] [command]')
    .option('--offline', 'use the offline command router even when a language model is configured')
    .action(async (command: string | undefined, options: { offline?: boolean }) => {
      if (command) throw new OpsbotError('usage', `unknown command "${command}" (see opsbot --help)`);
      await start(options);
    });
  program
    .command('start')
    .description('start the front ends from config: Slack when SLACK_BOT_TOKEN (and an app token or signing secret) is set, Teams/Mattermost/Discord when chat: names them, else the shell')
    .option('--offline', 'use the offline command router even when a language model is configured')
    .action(start);
}

async function start(options: { offline?: boolean }): Promise<void> {
  await withOpsbot(async (opsbot) => {
    // In Slack, a message in an incident's channel may leave out the incident's service.
    const channelServices = slackConfigured(process.env) ? incidentChannelServices(opsbot.kv) : undefined;
    const responder = await createResponder(opsbot, { offline: options.offline, channelServices });
    // Teams, Mattermost and Discord, as `chat:` configures them (each on its own port).
    const chat = await import('../../bot/start-chat-platforms.js');
    const { rootLogger } = await import('../../observability/logger.js');
    const chatLogger = rootLogger().child({ component: 'chat' });
    const ports = chat.chatPlatformsConfigured(opsbot.config) ? await chat.createChatPorts(opsbot.config, process.env, chatLogger) : [];
    // The webhook receiver runs beside whichever front end starts, whenever `webhooks` is configured.
    // It posts through each chat platform this process can reach (Slack's when SLACK_BOT_TOKEN is set).
    const senders = opsbot.config.webhooks ? [...(await import('../../bot/slack/slack-senders.js')).slackSendersFrom(process.env), ...ports] : [];
    const webhooks = opsbot.config.webhooks ? await (await import('../../bot/webhooks/start-webhooks.js')).startWebhookReceiver(opsbot, { senders }) : undefined;
    try {
      if (slackConfigured(process.env) || ports.length) {
        const slack = slackConfigured(process.env) ? await startSlack(opsbot, responder, process.env) : undefined;
        const router = new CommandRouter(opsbot.gateway, opsbot.config);
        const platforms = ports.length
          ? await chat.startChatPlatforms(opsbot, { ports, responder, router, logger: chatLogger, outbox: !webhooks, ...(slack ? { cards: slack.cards, rooms: slack.rooms } : {}) })
          : undefined;
        await serve(opsbot, slack ? 'slack' : 'chat', async () => {
          await platforms?.stop();
          await slack?.stop();
          await webhooks?.stop();
        });
      } else if (webhooks && !process.stdin.isTTY) {
        // No chat and no terminal (a container): the webhook receiver alone, as a service.
        await serve(opsbot, 'webhooks', () => webhooks.stop());
      } else {
        await startShell(opsbot, responder, { offline: options.offline });
      }
    } finally {
      await webhooks?.stop();
    }
  });
}

/** Runs a long-lived mode with its ops endpoints until SIGTERM/SIGINT; see app/run-service.ts. */
export async function serve(opsbot: Opsbot, name: string, stop: () => Promise<void>, ended?: Promise<void>): Promise<void> {
  const { runService } = await import('../../app/run-service.js');
  // Scheduled reports run in every long-lived mode (Slack, webhooks only, MCP over HTTP); their posts go to the outbox.
  const reports = await startReports(opsbot);
  const { finished } = await runService(opsbot, { name, stop: () => reports.stop().then(stop), ended });
  // Work still running past shutdownSeconds must not keep the process alive once the store is closed.
  if (!finished) setTimeout(() => process.exit(0), 1000).unref();
}

async function startReports(opsbot: Opsbot): Promise<{ stop(): Promise<void> }> {
  const { ReportScheduler, SCHEDULER_IDENTITY } = await import('../../workflows/report-scheduler.js');
  const { rootLogger } = await import('../../observability/logger.js');
  const logger = rootLogger().child({ component: 'reports' });
  const { kv, gateway, outbox, audit, store, config } = opsbot;
  const scheduler = new ReportScheduler({ kv, config, gateway, outbox, audit, db: store.db, onError: (error) => logger.error({ err: error }, `scheduled report: ${error instanceof Error ? error.message : String(error)}`) });
  scheduler.start();
  if (config.reports.length) logger.info({ reports: config.reports.map((report) => report.name) }, `scheduling ${config.reports.length} report(s) as ${SCHEDULER_IDENTITY}`);
  return scheduler;
}
