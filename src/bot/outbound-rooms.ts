import type { Opsbot } from '../app.js';
import type { Config } from '../config/schema.js';
import { BackgroundWork } from './background-work.js';
import { startOutboxWorker } from './outbox/start-outbox.js';
import { ApprovalCards } from './conversation/approval-cards.js';
import { Identities } from './conversation/identities.js';
import { IncidentRooms } from './conversation/incident-rooms.js';
import { PlatformRooms } from './conversation/platform-rooms.js';
import { parseChannelRef, type Platform } from './conversation/platforms.js';
import type { ConversationPort } from './conversation/port.js';
import { chatPlatformsConfigured, createChatPorts, type ChatLogger } from './start-chat-platforms.js';

/** Incident rooms a process opens without receiving from any chat (the shell, MCP): pass `rooms` to the workflows. */
export interface OutboundRooms {
  /** The rooms (the workflows' `incident`), and through `rooms.poster` the briefings, status updates and files. */
  rooms: PlatformRooms;
  /** The platform rooms of incidents declared here open on. */
  platform: Platform;
  /** Resolves when the rooms, briefings and approval cards posted or updated from here are (not the outbox's rows). */
  idle(): Promise<void>;
  /** Stops following cards and sending the outbox; resolves once the one send under way has ended. */
  stop(): Promise<void>;
}

/**
 * The chat platforms this process has credentials for (SLACK_BOT_TOKEN; `chat:` with its secrets), built for posting
 * only: nothing listens, nothing connects until something is posted. An incident declared here then gets its room,
 * its briefing, and a page naming the room, as from a chat. The room goes on the platform of
 * `incidents.announceChannel` when that is one of them, else Slack's, else the first `chat:` names. Undefined
 * when no platform is configured here (the workflows then only page).
 */
export async function outboundRooms(opsbot: Pick<Opsbot, 'gateway' | 'kv' | 'config' | 'outbox'>, env: NodeJS.ProcessEnv, logger: ChatLogger): Promise<OutboundRooms | undefined> {
  const { gateway, kv, config, outbox } = opsbot;
  const slack = env.SLACK_BOT_TOKEN ? (await import('./slack/slack-outbound.js')).slackOutbound(env, { kv, config, log: (level, line) => logger[level](line) }) : undefined;
  const others = await otherPorts(config, env, logger);
  const ports = roomOrder(config, [...(slack ? [slack.port] : []), ...others]);
  if (!ports.length) return undefined;
  const work = new BackgroundWork((error, what) => logger.error(`${what}: ${error instanceof Error ? error.message : String(error)}`));
  const cards = new ApprovalCards({ ports, kv, outbox, gateway, config, logger, work });
  // Cards posted from here (the page of a declared incident, in its room) follow their action; cards of actions
  // proposed here are left to the chat front ends' sweep, as before.
  const stopCards = gateway.onActionChange((action, state) => {
    if (state !== 'proposed') cards.onActionChange(action, state);
  });
  const identities = new Identities(config.people);
  const rooms = new PlatformRooms({ kv, logger, ...(slack ? { slackPoster: slack.poster } : {}) });
  for (const port of ports) rooms.addPlatform(port, port === slack?.port ? slack.channels(cards) : new IncidentRooms({ chat: port, cards, kv, config, identities, logger }));
  // The outbox's rows for these platforms (the approval card of a change asked here, a status update, and whatever
  // else is due) go out from here while it runs, rather than waiting for a chat process; the claim per row keeps it
  // to one message either way. Nothing waits for it: a long backlog or a slow platform never holds the prompt.
  const outboxWorker = startOutboxWorker(opsbot, ports, { logger });
  return {
    rooms,
    platform: ports[0]!.platform,
    idle: () => work.idle(),
    async stop() {
      stopCards();
      await outboxWorker.stop();
    },
  };
}

/** Teams, Mattermost and Discord as `chat:` configures them; one whose secrets are missing is left out, and the log says so. */
async function otherPorts(config: Config, env: NodeJS.ProcessEnv, logger: ChatLogger): Promise<ConversationPort[]> {
  if (!chatPlatformsConfigured(config)) return [];
  try {
    return await createChatPorts(config, env, logger);
  } catch (error) {
    // The shell must start without them: rooms then go to Slack, or nowhere.
    logger.warn(`chat platforms cannot post from here: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

/** The room platform first: the announce channel's, else Slack, else the configured order. */
function roomOrder(config: Pick<Config, 'incidents'>, ports: ConversationPort[]): ConversationPort[] {
  const announce = config.incidents.announceChannel ? parseChannelRef(config.incidents.announceChannel).platform : undefined;
  const first = ports.find((port) => port.platform === announce) ?? ports.find((port) => port.platform === 'slack') ?? ports[0];
  return first ? [first, ...ports.filter((port) => port !== first)] : [];
}
