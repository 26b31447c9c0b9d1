import { format } from 'node:util';
import type { Opsbot } from '../../app.js';
import { DeploymentTracking } from '../../backends/github/deployment-tracking.js';
import { ConfigError } from '../../errors.js';
import { startLeaseSweep } from '../../gateway/lease-sweep.js';
import { rootLogger } from '../../observability/logger.js';
import { redactText, registerSecret } from '../../util/redact.js';
import { incidentRoomOf } from '../conversation/incident-rooms.js';
import { KnownThreads } from '../conversation/known-threads.js';
import type { ChatCardSender } from '../outbox/card-sender.js';
import type { OutboxWorker } from '../outbox/outbox-worker.js';
import { startOutboxWorker } from '../outbox/start-outbox.js';
import { AlertCards } from './alert-cards.js';
import { CrashCards } from './kubernetes/crash-cards.js';
import { CrashWatch } from './kubernetes/crash-watch.js';
import { alertmanagerSource } from './alertmanager-source.js';
import { DELIVERY_RETENTION_MS, DeliveryLog } from './delivery-log.js';
import { deploymentHandlers } from './github-deployments.js';
import { githubSource } from './github-source.js';
import { PagerDutyCards } from './pagerduty/incident-cards.js';
import { pagerDutySource } from './pagerduty/source.js';
import { pullRequestHandler } from './release-flow.js';
import { startWebhookServer, type WebhookLogger } from './webhook-server.js';
import type { WebhookSource } from './webhook-source.js';

const PRUNE_EVERY_MS = 60 * 60_000;

/** How to run the receiver; everything has a default from the config and the environment. */
export interface WebhookReceiverOptions {
  env?: NodeJS.ProcessEnv;
  logger?: WebhookLogger;
  /**
   * The chat platforms this process can post to (one sender each: Slack's when SLACK_BOT_TOKEN is set, see
   * src/bot/slack/slack-senders.ts). Without any, cards are kept in the outbox until a front end that can post starts.
   */
  senders?: ChatCardSender[];
  /** The longest wait between two looks at the outbox for cards other processes wrote (default 5 s). */
  outboxIntervalMs?: number;
  /** Overrides `webhooks.host`/`webhooks.port` (tests: port 0). */
  listen?: { host?: string; port: number };
  /** How often stale run leases are recovered and old deliveries pruned (default 30 s). */
  sweepIntervalMs?: number;
}

/** A running receiver. */
export interface WebhookReceiver {
  port: number;
  alertCards: AlertCards;
  deliveries: DeliveryLog;
  /** The outbox worker of this process, when it can post (a chat platform's sender was given). */
  outbox?: OutboxWorker;
  /** One sweep now: stale run leases recovered (DESIGN §3), deliveries whose handler died handled again, old ones pruned. */
  sweep(): Promise<void>;
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** What every source may use. */
export interface SourceContext {
  opsbot: Opsbot;
  env: NodeJS.ProcessEnv;
  alertCards: AlertCards;
}

/**
 * The source table: each configured sender becomes one WebhookSource (see webhook-source.ts). A new source is
 * one more entry here, reading its own `webhooks.<name>` section.
 */
export function webhookSources(context: SourceContext): WebhookSource[] {
  const settings = context.opsbot.config.webhooks;
  const sources: WebhookSource[] = [];
  if (settings?.alertmanager) sources.push(alertmanagerSource(secretOf(context.env, 'webhooks.alertmanager.token', settings.alertmanager.token), context.alertCards));
  if (settings?.github) {
    const { kv, config } = context.opsbot;
    // Deployment statuses feed the follower of a deploy opsbot started (whichever deploys adapter is chosen, only
    // deployments carrying opsbot's payload are acted on).
    const deployments = deploymentHandlers({ tracking: new DeploymentTracking(kv), services: config.services });
    const handlers = [pullRequestHandler({ kv, config }), ...deployments];
    sources.push(githubSource(secretOf(context.env, 'webhooks.github.secret', settings.github.secret), handlers));
  }
  if (settings?.pagerduty) {
    const { kv, config } = context.opsbot;
    const cards = new PagerDutyCards({ kv, config, incidentChannelOf: async (incident) => (await incidentRoomOf(kv, incident))?.channel, record: (entry) => context.opsbot.audit.append(entry), people: context.opsbot.config.people, outbox: context.opsbot.outbox });
    sources.push(pagerDutySource(secretsOf(context.env, 'webhooks.pagerduty.secret', settings.pagerduty.secret), cards));
  }
  return sources;
}

/** Starts the webhook front end from `webhooks` in the config (DESIGN §10). */
export async function startWebhookReceiver(opsbot: Opsbot, options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const settings = opsbot.config.webhooks;
  if (!settings) throw new ConfigError(['webhooks: not configured, so there is no receiver to start']);
  const env = options.env ?? process.env;
  const logger = options.logger ?? webhookLogger();
  const senders = options.senders ?? [];
  const { kv, gateway, backends } = opsbot;
  const alertCards = new AlertCards({
    outbox: opsbot.outbox,
    kv,
    threads: new KnownThreads(kv),
    config: opsbot.config,
    // opsbot's own lookup for its notice, not a person's request: a failure only means no mention.
    onCallPrimary: (team) => backends.oncall.team(team).then((onCall) => onCall.primary.id, () => undefined),
  });
  const deliveries = new DeliveryLog(opsbot.store, opsbot.outbox);
  const outbox = senders.length ? startOutboxWorker(opsbot, senders, { logger, intervalMs: options.outboxIntervalMs }) : undefined;
  const keptFor = `cards are kept and posted when a chat front end starts (within notifications.retryHours, ${opsbot.config.notifications.retryHours} h)`;
  const server = await startWebhookServer({
    sources: webhookSources({ opsbot, env, alertCards }),
    deliveries,
    logger,
    host: options.listen?.host ?? settings.host,
    port: options.listen?.port ?? settings.port,
    onQueued: () => outbox?.kick(),
    ...(senders.length ? {} : { queuedNote: `no chat is configured here, so this is kept in the outbox until it starts` }),
  });
  if (!senders.length) logger.warn(`webhooks: no chat platform can post from here (SLACK_BOT_TOKEN is not set, no other chat is configured), so ${keptFor}`);

  const report = (error: unknown) => logger.error(`webhook sweep: ${redactText(error instanceof Error ? error.message : String(error))}`);
  // Every long-lived front end sweeps for actions whose process died mid-run (DESIGN §3), on the shared schedule.
  const leases = startLeaseSweep(gateway, { intervalMs: options.sweepIntervalMs, onError: report });
  let lastPrune = 0;
  const prune = async () => {
    if (Date.now() - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = Date.now();
    await deliveries.prune();
    await opsbot.outbox.prune(DELIVERY_RETENTION_MS);
  };
  const sweep = async () => {
    await gateway.recoverInterrupted();
    await server.recover();
    await prune();
  };
  // Events in from the cluster: one pod watch across replicas turns crashlooping workloads and stalled rollouts into cards.
  const crashWatch =
    opsbot.config.backends.workloads.adapter === 'kubernetes'
      ? new CrashWatch({ kv, workloads: backends.workloads, cards: new CrashCards({ outbox: opsbot.outbox, onQueued: () => outbox?.kick(), kv, workloads: backends.workloads, config: opsbot.config }), onError: (error) => logger.error(`kubernetes watch: ${redactText(error instanceof Error ? error.message : String(error))}`) })
      : undefined;
  crashWatch?.start();
  const timer = setInterval(() => void server.recover().then(prune).catch(report), options.sweepIntervalMs ?? 30_000);
  timer.unref();
  void sweep().catch(report);

  return {
    port: server.port,
    alertCards,
    deliveries,
    ...(outbox ? { outbox } : {}),
    sweep,
    async idle() {
      await server.idle();
      await outbox?.idle();
    },
    async stop() {
      clearInterval(timer);
      leases.stop();
      await crashWatch?.stop();
      await server.stop();
      await outbox?.stop();
    },
  };
}

/** The value of an `env:NAME` secret; start-up stops with the setting's path when the variable is unset. */
function secretOf(env: NodeJS.ProcessEnv, path: string, reference: string): string {
  const name = reference.slice('env:'.length);
  const value = env[name];
  if (!value) throw new ConfigError([`${path}: environment variable ${name} is not set`]);
  if (value.length < 16) throw new ConfigError([`${path}: ${name} must hold at least 16 characters`]);
  registerSecret(value);
  return value;
}

/** An `env:NAME` holding one secret, or several separated by commas or spaces while one is being rotated. */
function secretsOf(env: NodeJS.ProcessEnv, path: string, reference: string): string[] {
  const secrets = secretOf(env, path, reference).split(/[\s,]+/).filter(Boolean);
  if (secrets.some((secret) => secret.length < 16)) throw new ConfigError([`${path}: each secret in ${reference.slice('env:'.length)} must hold at least 16 characters`]);
  for (const secret of secrets) registerSecret(secret);
  return secrets;
}

/** The process logger under the receiver's name, every line scrubbed of secrets first. */
function webhookLogger(): WebhookLogger {
  const log = rootLogger().child({ component: 'opsbot:webhooks' });
  const line = (message: unknown[]) => redactText(format(...message));
  return {
    debug: (...message) => log.debug(line(message)),
    info: (...message) => log.info(line(message)),
    warn: (...message) => log.warn(line(message)),
    error: (...message) => log.error(line(message)),
  };
}
