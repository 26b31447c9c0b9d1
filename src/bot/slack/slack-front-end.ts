import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics, setGaugeSource } from '../../observability/metrics.js';
import type { App, Logger } from '@slack/bolt';
import type { Opsbot } from '../../app.js';
import type { Responder } from '../../agent/responder.js';
import { registerSecret } from '../../util/redact.js';
import { ApprovalCards } from '../conversation/approval-cards.js';
import { BackgroundWork } from './background-work.js';
import { CardClicks } from './card-clicks.js';
import { registerCardListeners } from './card-listeners.js';
import { ChartUploads } from './chart-uploads.js';
import { LogUploads } from './log-attachments.js';
import { Conversations } from './conversations.js';
import { createSlackApp, identifyBot, type BotIdentity } from './create-slack-app.js';
import { SlackErrorSink } from './error-sink.js';
import { dedupeEvents, EventDedupe } from './event-dedupe.js';
import { IncidentChannels } from './incident-channel.js';
import { incidentChannelServices } from './incident-channel-services.js';
import { startWorkflows } from '../../workflows/start-workflows.js';
import { KnownThreads } from './known-threads.js';
import { LinkUnfurls, registerUnfurlListener } from './link-unfurls.js';
import { SlackPoster } from './slack-poster.js';
import { registerMessageListeners } from './message-listeners.js';
import { nativeSurfaces } from './native-surfaces.js';
import { registerReactionNotes } from './reaction-notes.js';
import { RedactingLogger } from './redacting-logger.js';
import type { SlackSettings } from './slack-settings.js';
import { registerSlashCommands, SlashCommands, type ParsedCommandResponder } from './slash-commands.js';
import { StatusSupport } from './streaming/progress-indicator.js';
import type { Origin } from '../../actions/origin.js';
import { StatusWatcher } from '../status-watcher.js';
import { AlertThreadResponder } from '../webhooks/alert-thread-responder.js';
import { EventCardClicks } from '../webhooks/event-card-clicks.js';
import { registerEventCardListeners, slackEventCardChat } from './event-card-listeners.js';
import { PlatformRooms } from '../conversation/platform-rooms.js';
import { watchReport } from '../conversation/watch-report.js';
import { startOutboxWorker } from '../outbox/start-outbox.js';
import { SlackCardSender } from './slack-card-sender.js';
import { SlackPort } from './slack-port.js';

/** How to run the Slack front end. */
export interface SlackFrontEndOptions {
  settings: SlackSettings;
  /** The offline router, which answers every slash command. */
  router: ParsedCommandResponder;
  logger?: Logger;
  /** HTTP mode: where to listen instead of `HOST`/`slack.host` and `PORT` (tests: `{ host: '127.0.0.1', port: 0 }`). */
  listen?: { host?: string; port: number };
  /** How often expired actions and cards changed elsewhere are caught up with (default 15 s). */
  sweepIntervalMs?: number;
  /** Shortest gap between two edits of one message (default 1 s). */
  minEditIntervalMs?: number;
  /** How long an answer may take before "is checking…" shows (default 120 ms; 0 shows it at once). */
  feedbackDelayMs?: number;
  /** How often `status stalk` watches are checked (default 30 s). */
  watchIntervalMs?: number;
  /** The longest wait between two looks at the outbox for cards other processes wrote (default 5 s). */
  outboxIntervalMs?: number;
}

/** A running Slack front end. */
export interface SlackFrontEnd {
  app: App;
  identity: BotIdentity;
  /** HTTP mode: the port listened on. */
  port?: number;
  /** HTTP mode: the address listened on (`127.0.0.1` unless `slack.host`/`HOST` say otherwise). */
  address?: string;
  cards: ApprovalCards;
  incidents: IncidentChannels;
  /** Incident rooms on every platform of the process; other chat platforms started beside Slack add theirs. */
  rooms: PlatformRooms;
  /** Runs one catch-up sweep now (expiry, cards changed elsewhere, actions proposed elsewhere). */
  sweep(): Promise<void>;
  /** `status stalk` watches made in Slack; changes are posted where each watch was made. */
  watcher: StatusWatcher;
  /** Resolves when no background work (turns, card updates, incident channels) is left. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const PRUNE_EVERY_MS = 60 * 60_000;

/** Wires opsbot into Slack: listeners, cards kept in step with the gateway, incident channels, and the sweep. */
export async function startSlackFrontEnd(opsbot: Opsbot, responder: Responder, options: SlackFrontEndOptions): Promise<SlackFrontEnd> {
  const { settings } = options;
  for (const secret of [settings.botToken, settings.mode === 'socket' ? settings.appToken : settings.signingSecret]) registerSecret(secret);
  const logger = options.logger ?? new RedactingLogger();
  const identity = await identifyBot(settings, logger);
  const slackApp = createSlackApp(settings, identity, logger);
  const { app } = slackApp;
  const client = app.client;
  const errors = new SlackErrorSink(logger, client);
  const work = new BackgroundWork((error, what) => errors.log(error, what));
  const { kv, gateway, config } = opsbot;

  // Bolt's client under the port: cards wait out rate limits and retry as every other Slack call here does.
  const slackPort = new SlackPort({ botToken: settings.botToken, apiUrl: settings.apiUrl, client, logger });
  const cards = new ApprovalCards({ ports: [slackPort], kv, outbox: opsbot.outbox, gateway, config, logger, work });
  const incidents = new IncidentChannels({ client, kv, cards, config, logger, botUserId: identity.botUserId });
  // Follow-ups to outcomes (an incident declared: page its commander, open its channel) run in this process with Slack's part.
  const charts = new ChartUploads(client, errors, logger);
  // Rooms of incidents declared on another platform of this process (Teams beside Slack) open there; see `rooms`.
  const rooms = new PlatformRooms({ kv, slackPoster: new SlackPoster(client, kv, charts), logger });
  rooms.addPlatform(slackPort, incidents);
  const poster = rooms.poster;
  const workflows = startWorkflows({ gateway, kv, incident: rooms, poster, upload: poster.upload, config, track: (label, job) => work.track(label, job), onError: (error) => errors.log(error, 'workflow') });
  const threads = new KnownThreads(kv);
  const progress = { client, support: new StatusSupport(), onError: (error: unknown) => errors.log(error, 'progress update'), minEditIntervalMs: options.minEditIntervalMs, feedbackDelayMs: options.feedbackDelayMs };
  // Replies in an alert card's thread know the alert (src/bot/webhooks).
  const threadAware = new AlertThreadResponder(responder, { gateway, kv, config });
  // Slack's AI surfaces (assistant panel, native streaming, feedback) where the token allows them.
  const native = nativeSurfaces({ app, identity, progress, kv, gateway, config, errors, work });
  const conversations = new Conversations({ responder: threadAware, cards, threads, errors, progress, botUserId: identity.botUserId, charts, logs: new LogUploads(client, errors, logger), startProgress: native.startProgress });
  // In an incident's channel a slash command may leave out the incident's service, as in a service's own channel.
  const slash = new SlashCommands({ client, config, router: options.router, conversations, threads, errors, progress, channelServices: incidentChannelServices(kv) });
  const dedupe = new EventDedupe(opsbot.store);

  app.use(dedupeEvents(dedupe));
  native.register(conversations);
  registerMessageListeners(app, conversations, work);
  registerReactionNotes(app, { client, gateway, kv, config }, work);
  registerSlashCommands(app, slash, errors, work, config);
  registerCardListeners(app, new CardClicks({ client, gateway, cards }), errors, work);
  registerEventCardListeners(app, new EventCardClicks({ chat: slackEventCardChat(client), gateway, cards, kv, config }), errors, work);
  registerUnfurlListener(app, new LinkUnfurls({ client, gateway, config, charts, errors }), work, errors);
  app.error(async (error) => {
    errors.log(error, 'slack listener');
  });
  const unsubscribe = [gateway.onActionChange(cards.onActionChange), () => workflows.stop(), setGaugeSource(metrics.slackTurnsQueued, async () => work.backlog)];
  // Cards and notices kept while no front end could post (or written by other processes) are sent from here too.
  const outbox = startOutboxWorker(opsbot, new SlackCardSender({ token: settings.botToken, slackApiUrl: settings.apiUrl, logger }), { logger, intervalMs: options.outboxIntervalMs });

  let lastPrune = 0;
  const sweep = async () => {
    await cards.sweep();
    await workflows.sweep();
    if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      await dedupe.prune();
    }
  };
  const timer = setInterval(() => work.track('sweep', sweep()), options.sweepIntervalMs ?? 15_000);
  timer.unref();

  // `status stalk` from Slack: each change goes to the thread (or DM) where the watch was made.
  const watcher = new StatusWatcher({
    gateway,
    watches: opsbot.backends.watches,
    intervalMs: options.watchIntervalMs,
    filter: (watch) => (watch.origin as Origin | null)?.frontEnd === 'slack',
    onChange: (watch, previous, current) => {
      const origin = watch.origin as Origin;
      if (!origin.channel) return;
      // Through the outbox, so a report Slack refuses or rate-limits is retried like a card, not lost.
      const report = { purpose: 'watch-report', channel: origin.channel, ...(origin.threadTs ? { threadTs: origin.threadTs } : {}), content: watchReport(watch, previous, current) };
      work.track('status watch', opsbot.outbox.enqueue([report]).then(() => outbox.kick()));
    },
    onError: (error) => errors.log(error, 'status watch'),
  });

  let port: number | undefined;
  let address: string | undefined;
  if (settings.mode === 'http') {
    const listen = options.listen ?? { host: settings.host ?? opsbot.config.slack.host, port: settings.port };
    const server = await app.start(listen);
    // From a request arriving to its response: for events and commands, that is the ack Slack waits for.
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      const done = metrics.slackAckSeconds.startTimer();
      response.once('finish', () => done());
    });
    ({ port, address } = server.address() as AddressInfo);
    logger.info(`opsbot listening for Slack on ${address} port ${port}`);
  } else {
    await app.start();
    logger.info('opsbot connected to Slack (Socket Mode)');
  }

  // Catch up at once on what changed while opsbot was not listening (expiries, decisions made from the CLI).
  work.track('sweep', sweep());
  watcher.start();

  return {
    app,
    identity,
    port,
    address,
    cards,
    incidents,
    rooms,
    watcher,
    sweep,
    async idle() {
      await work.idle();
      await outbox.idle();
    },
    async stop() {
      clearInterval(timer);
      await outbox.stop();
      await watcher.stop();
      await slackApp.stop();
      await work.idle();
      for (const stopListening of unsubscribe) stopListening();
    },
  };
}
