import type { Opsbot } from '../app.js';
import type { Responder } from '../agent/responder.js';
import type { Config } from '../config/schema.js';
import type { ApprovalCards } from './conversation/approval-cards.js';
import { startChatFrontEnd, type ChatFrontEnd } from './conversation/chat-front-end.js';
import { platformName } from './conversation/identities.js';
import { Identities } from './conversation/identities.js';
import { IncidentRooms } from './conversation/incident-rooms.js';
import { PlatformRooms } from './conversation/platform-rooms.js';
import type { ConversationPort } from './conversation/port.js';
import { startWorkflows, type Workflows } from '../workflows/start-workflows.js';
import type { OutboxWorker } from './outbox/outbox-worker.js';
import { startOutboxWorker } from './outbox/start-outbox.js';
import { eventCardButtons } from './webhooks/event-card-buttons.js';

/** Logs what the chat platforms do; pino's child loggers fit. */
export interface ChatLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Whether `chat:` names a platform beside Slack (then `opsbot` starts it as a service). */
export function chatPlatformsConfigured(config: Config): boolean {
  return Boolean(config.chat.teams || config.chat.mattermost || config.chat.discord);
}

/**
 * The adapters of the platforms `chat:` configures, their secrets read from the environment. Each SDK-free adapter
 * loads only when configured, so a Slack-only or shell start pays nothing for the others.
 */
export async function createChatPorts(config: Config, env: NodeJS.ProcessEnv, logger: ChatLogger): Promise<ConversationPort[]> {
  const ports: ConversationPort[] = [];
  const onError = (platform: string) => (error: unknown) => logger.error(`${platform}: ${error instanceof Error ? error.message : String(error)}`);
  if (config.chat.teams) {
    const { createTeamsPort } = await import('./teams/start-teams.js');
    ports.push(createTeamsPort(config.chat.teams, env, { people: config.people, onError: onError('teams') }));
  }
  if (config.chat.mattermost) {
    const { createMattermostPort } = await import('./mattermost/start-mattermost.js');
    ports.push(createMattermostPort(config.chat.mattermost, env, { people: config.people, logger: { warn: (message: string) => logger.warn(`mattermost: ${message}`), error: (message: string) => logger.error(`mattermost: ${message}`) } }));
  }
  if (config.chat.discord) {
    const { createDiscordPort } = await import('./discord/start-discord.js');
    ports.push(createDiscordPort(config.chat.discord, env, { people: config.people, onError: onError('discord') }));
  }
  return ports;
}

/** Teams, Mattermost and Discord, running in this process. */
export interface ChatPlatforms {
  frontEnds: ChatFrontEnd[];
  /** Sends what opsbot posts on its own (reports, announcements, event cards) to these platforms, unless another worker of this process does. */
  outbox?: OutboxWorker;
  /** The follow-ups to outcomes (incident rooms, briefings, postmortem files), when no Slack front end here runs them. */
  workflows?: Workflows;
  stop(): Promise<void>;
}

/**
 * Starts one chat front end per port. They share one set of approval cards (Slack's when Slack runs here), so an
 * action asked for on one platform and approved on another has one card whose outcome reaches the asking thread.
 */
export async function startChatPlatforms(opsbot: Opsbot, options: { ports: ConversationPort[]; responder: Responder; router: Responder; cards?: ApprovalCards; rooms?: PlatformRooms; logger: ChatLogger; outbox?: boolean; sweepIntervalMs?: number }): Promise<ChatPlatforms> {
  const frontEnds: ChatFrontEnd[] = [];
  let cards = options.cards;
  // Alert, release, PagerDuty and workload cards reach every platform through the outbox; so do their buttons.
  const otherButtons = eventCardButtons(opsbot);
  // Slack's workflows, when Slack runs here, open rooms on these platforms too; else these platforms run their own.
  const rooms = options.rooms ?? new PlatformRooms({ kv: opsbot.kv, logger: options.logger });
  const identities = new Identities(opsbot.config.people);
  try {
    for (const port of options.ports) {
      const frontEnd = await startChatFrontEnd(opsbot, { port, responder: options.responder, router: options.router, logger: options.logger, otherButtons, ...(cards ? { cards } : {}), ...(options.sweepIntervalMs ? { sweepIntervalMs: options.sweepIntervalMs } : {}) });
      cards ??= frontEnd.cards;
      rooms.addPlatform(port, new IncidentRooms({ chat: port, cards, kv: opsbot.kv, config: opsbot.config, identities, logger: options.logger }));
      frontEnds.push(frontEnd);
      options.logger.info(`opsbot listening for ${platformName(port.platform)}${frontEnd.port !== undefined ? ` on ${frontEnd.address ?? '127.0.0.1'} port ${frontEnd.port}` : ''}`);
    }
  } catch (error) {
    for (const frontEnd of frontEnds) await frontEnd.stop();
    throw error;
  }
  // The webhook receiver's worker may already send for these ports; one worker per process is enough.
  const outbox = options.outbox === false || options.ports.length === 0 ? undefined : startOutboxWorker(opsbot, options.ports, { logger: options.logger });
  const workflows = options.rooms || !frontEnds.length ? undefined : chatWorkflows(opsbot, rooms, options.logger, options.sweepIntervalMs);
  return {
    frontEnds,
    outbox,
    ...(workflows ? { workflows } : {}),
    async stop() {
      workflows?.stop();
      await workflows?.idle();
      await outbox?.stop();
      for (const frontEnd of frontEnds) await frontEnd.stop();
    },
  };
}

/** Incident follow-ups for a process whose chat platforms run without Slack: rooms, briefings and files on them. */
function chatWorkflows(opsbot: Opsbot, rooms: PlatformRooms, logger: ChatLogger, sweepIntervalMs = 15_000): Workflows {
  const { gateway, kv, config } = opsbot;
  const onError = (error: unknown) => logger.error(`workflow: ${error instanceof Error ? error.message : String(error)}`);
  return startWorkflows({ gateway, kv, incident: rooms, poster: rooms.poster, upload: rooms.poster.upload, config, sweepIntervalMs, onError });
}
