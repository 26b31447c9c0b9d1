import type { Kysely } from 'kysely';
import type { CallOutcome } from '../../actions/outcomes.js';
import type { Origin } from '../../actions/origin.js';
import type { PendingAction } from '../../actions/pending-action.js';
import type { Incident } from '../../backends/ports/incidents.js';
import type { Config } from '../../config/schema.js';
import type { KvRepository } from '../../store/kv-repository.js';
import { rememberIncidentRoom } from '../../store/incident-rooms.js';
import type { Database } from '../../store/schema.js';
import type { IncidentFollowUps, IncidentRoom } from '../../workflows/incident-declared.js';
import type { ChatContent, RichText } from './card.js';
import type { Identities } from './identities.js';
import { outsideSpans } from './outside-text.js';
import { formatChannelRef, parseChannelRef } from './platforms.js';
import type { ConversationPort } from './port.js';
import { chatOrigin, threadOf } from './threads.js';

// The name predates other platforms; kept so rooms opened before are still found.
export const INCIDENT_ROOMS = 'slack-incident-channels';
const NAME_LIMIT = 80;

/** The room (channel) opsbot opened for an incident, kept in kv: the incident record changes only through an approved tool call. */
export interface IncidentRoomPlace {
  /** A channel ref: a bare id is Slack, others carry their platform (`mattermost:k8x…`). */
  channel: string;
  name: string;
  /** The briefing message the room's thread hangs off. */
  summaryTs: string;
}

/** The room opsbot opened for an incident, read from the store (for any front end, e.g. the webhook receiver); `executor` reads it inside a transaction. */
export function incidentRoomOf(kv: KvRepository, incidentId: string, executor?: Kysely<Database>): Promise<IncidentRoomPlace | undefined> {
  return kv.get<IncidentRoomPlace>(INCIDENT_ROOMS, incidentId, executor);
}

/** What incident rooms need: the platform's port (to open the room and post), its approval cards, and who is who there. */
export interface IncidentRoomsDependencies {
  chat: Pick<ConversationPort, 'platform' | 'openChannel' | 'post'>;
  cards: { post(action: PendingAction): Promise<unknown> };
  kv: KvRepository;
  config: Pick<Config, 'people' | 'slack'>;
  identities: Identities;
  logger: { warn(...message: unknown[]): void };
}

/**
 * A front end's part of "an incident was declared" (src/workflows/incident-declared.ts), on any platform: opens the
 * incident's room, posts its summary, invites owner and declarer (by their ids on that platform) and tells the
 * asking thread; then shows there what paging the incident commander did. The workflow decides when, once per incident.
 */
export class IncidentRooms implements IncidentFollowUps {
  private readonly opening = new Map<string, Promise<IncidentRoomPlace>>();

  constructor(private readonly deps: IncidentRoomsDependencies) {}

  /** The room of an incident, if opsbot opened one. */
  channelOf(incidentId: string): Promise<IncidentRoomPlace | undefined> {
    return incidentRoomOf(this.deps.kv, incidentId);
  }

  /** Workflow hook: the incident's room, opened and announced, as the room the page is asked from. */
  async openRoom(incident: Incident, declared: PendingAction): Promise<IncidentRoom> {
    const record = await this.open(incident, declared);
    return { name: record.name, origin: chatOrigin({ channel: record.channel, threadTs: record.summaryTs }), conversation: record.channel };
  }

  /** Workflow hook: what paging the commander did, in the room's thread (its card, when it waits for a confirmation). */
  async report(outcome: CallOutcome, where: Origin): Promise<void> {
    const thread = threadOf(where);
    if (!thread || parseChannelRef(thread.channel).platform !== this.deps.chat.platform) return;
    const place = { channel: parseChannelRef(thread.channel).channel, thread: thread.threadTs };
    if (outcome.status === 'pending') {
      await this.deps.chat.post(place, { text: ['Paging the incident commander needs a confirmation:'] });
      await this.deps.cards.post(outcome.action);
      return;
    }
    await this.deps.chat.post(place, { text: outsideSpans(outcome.text) });
  }

  /** Opens (once, however often asked) the room of an incident and announces it. */
  open(incident: Incident, declared: PendingAction): Promise<IncidentRoomPlace> {
    let opening = this.opening.get(incident.id);
    if (!opening) {
      opening = this.openOnce(incident, declared).finally(() => this.opening.delete(incident.id));
      this.opening.set(incident.id, opening);
    }
    return opening;
  }

  private async openOnce(incident: Incident, declared: PendingAction): Promise<IncidentRoomPlace> {
    const existing = await this.channelOf(incident.id);
    if (existing) return existing;
    const { chat, kv } = this.deps;
    const name = incidentChannelName(this.deps.config.slack.incidentChannelPrefix, incident);
    const opened = await chat.openChannel(name, { topic: `${incident.id}: ${incident.title}`, invite: this.platformIds([incident.owner, incident.declaredBy]) });
    const channel = formatChannelRef({ platform: chat.platform, channel: opened.channel });
    const openedName = opened.name ?? name;
    // Recorded at once: a failure further on must not make a later follow-up open another room.
    await kv.put(INCIDENT_ROOMS, incident.id, { channel, name: openedName, summaryTs: '' } satisfies IncidentRoomPlace);
    await rememberIncidentRoom(kv, channel, incident);
    const summary = await chat.post({ channel: opened.channel }, summaryOf(incident, declared));
    const record = { channel, name: openedName, summaryTs: summary.id };
    await kv.put(INCIDENT_ROOMS, incident.id, record);
    await this.tellAskingThread(declared, incident, record, opened.url);
    return record;
  }

  /** The people's ids on this platform; someone not mapped there is left out, and the log says who. */
  private platformIds(people: string[]): string[] {
    const { identities, config, chat } = this.deps;
    const ids: string[] = [];
    for (const person of new Set(people)) {
      const id = identities.platformIdOf(chat.platform, person, config.people);
      if (id) ids.push(id);
      else this.deps.logger.warn(`incident room: ${person} has no ${chat.platform} id (people.${person}.ids.${chat.platform}), so they are not invited`);
    }
    return ids;
  }

  private async tellAskingThread(declared: PendingAction, incident: Incident, record: IncidentRoomPlace, url: string | undefined): Promise<void> {
    const asking = threadOf(declared.origin);
    // Declared on another platform: that front end's own thread is not this port's to post in.
    if (!asking || parseChannelRef(asking.channel).platform !== this.deps.chat.platform) return;
    const room = url ? { link: url, label: `#${record.name}` } : `#${record.name}`;
    await this.deps.chat.post({ channel: parseChannelRef(asking.channel).channel, thread: asking.threadTs }, { text: ['Opened ', room, ` for ${incident.id}.`] });
  }
}

/** `inc-2026-0042-auth-5xx`: prefix, the incident number and the title, as chat platforms allow (lower-case, digits, `-`, `_`, ≤ 80). */
export function incidentChannelName(prefix: string, incident: Pick<Incident, 'id' | 'title'>): string {
  const number = incident.id.replace(/^[A-Za-z]+-/, '');
  return slug(`${prefix}-${number}-${incident.title}`);
}

/** The name with a suffix, within the length limit (`…-2` when a name is taken). */
export function withSuffix(base: string, suffix: string): string {
  return `${base.slice(0, NAME_LIMIT - suffix.length).replace(/-+$/, '')}${suffix}`;
}

function slug(text: string): string {
  const cleaned = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
  return cleaned.slice(0, NAME_LIMIT).replace(/-+$/, '');
}

function summaryOf(incident: Incident, declared: PendingAction): ChatContent {
  const approved: RichText = declared.decidedBy ? [', approved by ', { person: declared.decidedBy }] : [];
  return {
    fallback: `${incident.id}: ${incident.title}`,
    text: [
      { icon: 'firing' },
      ' ',
      { bold: [`${incident.id}: ${incident.title}`] },
      '\n',
      { bold: ['Severity:'] },
      ` ${incident.severity}   `,
      { bold: ['Status:'] },
      ` ${incident.status}   `,
      { bold: ['Owner:'] },
      ' ',
      { person: incident.owner },
      '\nDeclared by ',
      { person: incident.declaredBy },
      ...approved,
      '. Updates go through opsbot (',
      { code: `incident update ${incident.id} …` },
      ').',
    ],
  };
}
