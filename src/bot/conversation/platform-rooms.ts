import type { CallOutcome } from '../../actions/outcomes.js';
import type { Origin } from '../../actions/origin.js';
import type { PendingAction } from '../../actions/pending-action.js';
import type { Incident } from '../../backends/ports/incidents.js';
import type { KvRepository } from '../../store/kv-repository.js';
import type { IncidentFollowUps, IncidentRoom } from '../../workflows/incident-declared.js';
import type { Poster } from '../../workflows/posting.js';
import type { Platform } from './platforms.js';
import type { ConversationPort } from './port.js';
import { RoomPoster } from './room-poster.js';

/**
 * Incident rooms on every platform of the process, for the one set of workflows it runs: an incident declared on a
 * platform served here gets its room there (declared from Teams, a Teams channel), one declared elsewhere (the CLI,
 * MCP, a webhook) on the first platform added (Slack's when Slack runs); briefings and the postmortem file follow
 * the room to its platform through `poster` (status updates through the outbox, to the channel the room names).
 */
export class PlatformRooms implements IncidentFollowUps {
  readonly poster: RoomPoster;
  private readonly rooms = new Map<Platform, IncidentFollowUps>();

  constructor(deps: { kv: KvRepository; slackPoster?: Poster; logger?: { warn(message: string): void } }) {
    this.poster = new RoomPoster({ kv: deps.kv, ...(deps.slackPoster ? { slack: deps.slackPoster } : {}), ...(deps.logger ? { logger: deps.logger } : {}) });
  }

  /** A platform's port and its rooms (src/bot/conversation/incident-rooms.ts, or Slack's channels). */
  addPlatform(port: ConversationPort, rooms: IncidentFollowUps): void {
    this.rooms.set(port.platform, rooms);
    this.poster.addPort(port);
  }

  async openRoom(incident: Incident, declared: PendingAction): Promise<IncidentRoom | undefined> {
    const rooms = this.rooms.get(declared.origin.frontEnd as Platform) ?? this.rooms.values().next().value;
    return rooms?.openRoom?.(incident, declared);
  }

  /** Each platform's rooms report only where the room (or the asking thread) is theirs. */
  async report(outcome: CallOutcome, where: Origin, declared: PendingAction): Promise<void> {
    for (const rooms of this.rooms.values()) await rooms.report?.(outcome, where, declared);
  }
}
