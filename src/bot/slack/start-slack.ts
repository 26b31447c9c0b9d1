import { webApi } from '@slack/bolt';
import type { Opsbot } from '../../app.js';
import type { Responder } from '../../agent/responder.js';
import { CommandRouter } from '../../agent/router/index.js';
import type { Config } from '../../config/schema.js';
import { startLeaseSweep } from '../../gateway/lease-sweep.js';
import type { GroupDirectory } from '../../backends/ports/user-groups.js';
import { logLevelFrom, RedactingLogger } from './redacting-logger.js';
import { SlackGroupDirectory } from './slack-group-directory.js';
import { startSlackFrontEnd } from './slack-front-end.js';
import type { ApprovalCards } from '../conversation/approval-cards.js';
import type { PlatformRooms } from '../conversation/platform-rooms.js';
import { readSlackSettings } from './slack-settings.js';

/**
 * Slack user-group membership for `createOpsbot({ groups })`, when Slack is configured and the config maps
 * groups to roles. Needed at creation because the policy engine is built there.
 */
export function slackGroupDirectory(env: NodeJS.ProcessEnv, config: Pick<Config, 'policies'>): GroupDirectory | undefined {
  const settings = readSlackSettings(env);
  const groupIds = Object.keys(config.policies.groups);
  if (!settings || groupIds.length === 0) return undefined;
  // Policy decisions wait on these lookups: fail fast (and so deny) rather than retry for half an hour.
  const client = new webApi.WebClient(settings.botToken, {
    slackApiUrl: settings.apiUrl,
    logger: new RedactingLogger(logLevelFrom(env.LOG_LEVEL ?? env.OPSBOT_LOG_LEVEL)),
    retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 500 },
    timeout: 5_000,
    rejectRateLimitedCalls: true,
  });
  return new SlackGroupDirectory(client, groupIds);
}

/** A running Slack front end with its lease sweep; `stop` stops receiving and waits for in-flight turns and clicks. */
export interface SlackService {
  /** The approval cards Slack keeps; other chat platforms of the process join them. */
  cards: ApprovalCards;
  /** Incident rooms on every platform of the process; other chat platforms join them. */
  rooms: PlatformRooms;
  stop(): Promise<void>;
}

/** Starts the Slack front end (Socket Mode or HTTP, from the environment) and the lease sweep beside it. */
export async function startSlackService(opsbot: Opsbot, responder: Responder, env: NodeJS.ProcessEnv): Promise<SlackService> {
  const settings = readSlackSettings(env);
  if (!settings) throw new Error('Slack is not configured: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)');
  const logger = new RedactingLogger(logLevelFrom(env.LOG_LEVEL ?? env.OPSBOT_LOG_LEVEL));
  const frontEnd = await startSlackFrontEnd(opsbot, responder, { settings, logger, router: new CommandRouter(opsbot.gateway, opsbot.config) });
  // Actions interrupted by a crash become outcome_unknown within about a lease, and their cards say so.
  const leases = startLeaseSweep(opsbot.gateway, { onError: (error) => logger.error(`lease sweep: ${error instanceof Error ? error.message : String(error)}`) });
  return {
    cards: frontEnd.cards,
    rooms: frontEnd.rooms,
    async stop() {
      leases.stop();
      logger.info('stopping the Slack front end…');
      await frontEnd.stop();
    },
  };
}
