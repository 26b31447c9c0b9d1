import { randomUUID } from 'node:crypto';
import type { ActionState } from '../actions/action-state.js';
import type { Origin } from '../actions/origin.js';
import type { CallOutcome } from '../actions/outcomes.js';
import type { PendingAction } from '../actions/pending-action.js';
import type { Incident } from '../backends/ports/incidents.js';
import type { Gateway } from '../gateway/gateway.js';
import type { KvRepository } from '../store/kv-repository.js';
import { claimOnce } from '../store/replica-claim.js';
import { declaredIncident, INCIDENT_DECLARE } from '../tools/incidents.js';

const FOLLOWED = 'workflow-incident-declared';
const CLAIMS = 'workflow-incident-declared-claims';
const ROOM_CLAIMS = 'workflow-incident-room-claims';
// A process that claimed an incident and died before following it up hands it over after this long.
const CLAIM_LAPSE_MS = 2 * 60_000;
// The sweep follows up only recent declarations: starting a front end must not page for last month's incidents.
const RECENT_MS = 15 * 60_000;
const MESSAGE_LIMIT = 500;

/** A place opened for an incident (a Slack channel): named in the page, and where the page is asked from. */
export interface IncidentRoom {
  name: string;
  origin: Origin;
  /** The room as a conversation the poster knows (a channel ref: `teams:19:…`; a bare id is Slack); default: the origin's channel. */
  conversation?: string;
}

/** The front end's part of the follow-up, both optional: a front end without rooms (the shell, MCP) gives neither or only `report`. */
export interface IncidentFollowUps {
  /** Opens the incident's room and announces it; undefined when there is none. */
  openRoom?(incident: Incident, declared: PendingAction): Promise<IncidentRoom | undefined>;
  /** Tells people what paging the commander did (its pending action, or its answer), in the room or where it was declared. */
  report?(outcome: CallOutcome, where: Origin, declared: PendingAction): Promise<void>;
}

/** What the workflow is built from. */
export interface IncidentDeclaredOptions {
  gateway: Gateway;
  kv: KvRepository;
  followUps?: IncidentFollowUps;
  /** Declarations the periodic sweep picks up when this process did not see them succeed; default: every front end. */
  sweeps?: (declared: PendingAction) => boolean;
  /** Where background work is tracked (the Slack front end waits for it); default: kept here, see `idle`. */
  track?: (label: string, work: Promise<unknown>) => void;
  onError?: (error: unknown) => void;
  now?: () => Date;
  /**
   * Runs beside paging once the room is open (the self-briefing war room), given the page's outcome to come; its
   * failure never stops the page. A room opened after the page (followed up where no room could open) gets the
   * page's outcome as its action says then, or none when no page is found.
   */
  onRoomOpened?: (incident: Incident, declared: PendingAction, room: IncidentRoom, paged?: Promise<CallOutcome>) => Promise<unknown>;
}

/** What the store says of a followed-up incident: its room, or that it was followed up where no room could open. */
interface FollowedRecord {
  at: string;
  room: string | null;
  /** Paged by a process without rooms (the shell, MCP with no chat configured): a process with rooms still opens one. */
  roomless?: boolean;
}

/**
 * When an incident is declared (its `incident_declare` succeeded, from any front end), page the incident commander
 * as the declarer, through the gateway's normal approval rules, and open the incident's room where the front end
 * has one. Once per incident, whichever process or replica sees the success first.
 */
export class IncidentDeclaredWorkflow {
  private readonly following = new Map<string, Promise<void>>();
  // Background work started by a follow-up (the briefing), waited for by `idle`.
  private readonly extra = new Set<Promise<void>>();
  private readonly instance = randomUUID();
  private readonly now: () => Date;

  constructor(private readonly options: IncidentDeclaredOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Gateway listener: returns at once; the follow-up runs in the background. */
  readonly onActionChange = (action: PendingAction, state: ActionState): void => {
    if (state !== 'succeeded' || action.tool !== INCIDENT_DECLARE) return;
    const incident = declaredIncident(action.result?.data);
    if (incident) this.track(`follow-up of ${incident.id}`, this.follow(incident, action));
  };

  /** Follows up recent declarations whose success this process did not see (confirmed from the CLI, or a stop in between). */
  async sweep(): Promise<void> {
    const since = this.now().getTime() - RECENT_MS;
    for (const action of await this.options.gateway.listActions(20, { states: ['succeeded'] })) {
      if (action.tool !== INCIDENT_DECLARE || Date.parse(action.updatedAt) <= since) continue;
      if (this.options.sweeps && !this.options.sweeps(action)) continue;
      const incident = declaredIncident(action.result?.data);
      if (!incident) continue;
      const followed = await this.options.kv.get<FollowedRecord>(FOLLOWED, incident.id);
      if (!followed) await this.follow(incident, action);
      else if (followed.roomless && this.options.followUps?.openRoom) await this.once(`room:${incident.id}`, () => this.openLateRoom(incident, action));
    }
  }

  /** Resolves when every follow-up started here has finished. */
  async idle(): Promise<void> {
    while (this.following.size || this.extra.size) await Promise.allSettled([...this.following.values(), ...this.extra]);
  }

  /** Follows an incident up once, however often asked, in any process sharing the store. */
  follow(incident: Incident, declared: PendingAction): Promise<void> {
    return this.once(incident.id, () => this.followOnce(incident, declared));
  }

  private once(key: string, work: () => Promise<void>): Promise<void> {
    let running = this.following.get(key);
    if (!running) {
      running = work().finally(() => this.following.delete(key));
      this.following.set(key, running);
    }
    return running;
  }

  private async followOnce(incident: Incident, declared: PendingAction): Promise<void> {
    const { kv, gateway, followUps } = this.options;
    if (await kv.get(FOLLOWED, incident.id)) return;
    // One transactional claim first, so two replicas, or a listener and another process's sweep, never both page.
    if (!(await claimOnce(kv, CLAIMS, incident.id, this.instance, CLAIM_LAPSE_MS))) return;
    const room = await this.openRoom(incident, declared);
    // Recorded before paging: a failure further on must not make a sweep page the commander a second time. Without a
    // room (none here, or the platform refused), a chat front end may still open one later.
    await kv.put(FOLLOWED, incident.id, { at: this.now().toISOString(), room: room?.name ?? null, ...(room ? {} : { roomless: true }) } satisfies FollowedRecord);
    const where = room?.origin ?? declared.origin;
    const message = truncate(`${incident.id} (${incident.severity}): ${incident.title}.${room ? ` Join #${room.name}.` : ''}`, MESSAGE_LIMIT);
    // As the declarer: the page gets its own decision under the same policy, and its own card when it needs one.
    const paging = gateway.call({ tool: 'page', args: { target: 'incident_commander', message }, actor: declared.requester, origin: where });
    // The briefing says who was paged once the page's outcome is known; the briefing's own pace never holds the page up.
    if (room && this.options.onRoomOpened) this.track(`briefing of ${incident.id}`, this.options.onRoomOpened(incident, declared, room, paging).then(() => undefined));
    const outcome = await paging;
    await followUps?.report?.(outcome, where, declared);
  }

  /**
   * The room of an incident paged where no room could open (declared in a shell with no chat configured): opened
   * by the first process with rooms to sweep it, with its briefing; the commander is not paged a second time.
   */
  private async openLateRoom(incident: Incident, declared: PendingAction): Promise<void> {
    const { kv, followUps } = this.options;
    if (!(await claimOnce(kv, ROOM_CLAIMS, incident.id, this.instance, CLAIM_LAPSE_MS))) return;
    const followed = await kv.get<FollowedRecord>(FOLLOWED, incident.id);
    if (!followed?.roomless) return;
    const room = await followUps?.openRoom?.(incident, declared);
    await kv.put(FOLLOWED, incident.id, { at: followed.at, room: room?.name ?? null } satisfies FollowedRecord);
    if (!room || !this.options.onRoomOpened) return;
    const paged = await this.pageOf(incident, declared);
    this.track(`briefing of ${incident.id}`, this.options.onRoomOpened(incident, declared, room, paged && Promise.resolve(paged)).then(() => undefined));
  }

  /** What paging the commander did when the incident was followed up elsewhere, as the page's action says now. */
  private async pageOf(incident: Incident, declared: PendingAction): Promise<CallOutcome | undefined> {
    const actions = await this.options.gateway.listActions(50, { requester: declared.requester });
    const page = actions.find((action) => action.tool === 'page' && String(action.args.message ?? '').startsWith(`${incident.id} (`));
    if (!page) return undefined;
    if (page.state === 'succeeded') return { status: 'ok', tool: 'page', text: page.result?.text ?? '', data: page.result?.data };
    if (page.state === 'proposed') return { status: 'pending', tool: 'page', text: page.summary, action: page };
    return { status: 'error', tool: 'page', text: `the page is ${page.state.replace('_', ' ')}` };
  }

  /** The room, when this front end opens one; a platform that refuses (a bad token, an outage) must not stop the page. */
  private async openRoom(incident: Incident, declared: PendingAction): Promise<IncidentRoom | undefined> {
    try {
      return await this.options.followUps?.openRoom?.(incident, declared);
    } catch (error) {
      this.options.onError?.(new Error(`no room for ${incident.id} (paging the commander without one): ${error instanceof Error ? error.message : String(error)}`));
      return undefined;
    }
  }

  private track(label: string, work: Promise<void>): void {
    const guarded = work.catch((error: unknown) => this.options.onError?.(error) ?? process.emitWarning(`${label} failed: ${error instanceof Error ? error.message : String(error)}`));
    this.options.track?.(label, guarded);
    this.extra.add(guarded);
    void guarded.finally(() => this.extra.delete(guarded));
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
