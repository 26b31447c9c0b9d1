import type { Logger } from '@slack/bolt';
import type { Incident } from '../../backends/ports/incidents.js';
import type { Config } from '../../config/schema.js';
import type { Origin } from '../../actions/origin.js';
import type { CallOutcome } from '../../actions/outcomes.js';
import type { PendingAction } from '../../actions/pending-action.js';
import type { KvRepository } from '../../store/kv-repository.js';
import { INCIDENT_ROOMS, incidentRoomOf } from '../conversation/incident-rooms.js';
import type { ApprovalCards } from './approval-cards.js';
import { rememberIncidentChannel } from './incident-channel-services.js';
import { escapeMrkdwn, outsideText } from './mrkdwn.js';
import type { IncidentFollowUps, IncidentRoom } from '../../workflows/incident-declared.js';
import { slackErrorCode, type SlackClient } from './slack-client.js';
import { slackOrigin, threadOf, type SlackThread } from './slack-origin.js';

const NAMESPACE = INCIDENT_ROOMS;
const NAME_LIMIT = 80;

/** An incident's Slack channel, kept in kv (the incident record itself changes only through an approved tool call). */
export interface IncidentChannelRecord {
  channel: string;
  name: string;
  summaryTs: string;
}

/** What incident channels need. */
export interface IncidentChannelsDependencies {
  client: SlackClient;
  kv: KvRepository;
  cards: ApprovalCards;
  config: Config;
  logger: Logger;
  botUserId: string;
}

/**
 * The Slack part of "an incident was declared" (src/workflows/incident-declared.ts): creates the incident's channel,
 * posts its summary, invites owner and declarer and tells the asking thread; then shows there what paging the
 * incident commander did. The workflow decides when, once per incident, and pages through the gateway.
 */
export class IncidentChannels implements IncidentFollowUps {
  private readonly opening = new Map<string, Promise<IncidentChannelRecord>>();

  constructor(private readonly deps: IncidentChannelsDependencies) {}

  /** The channel of an incident, if opsbot opened one. */
  channelOf(incidentId: string): Promise<IncidentChannelRecord | undefined> {
    return incidentChannelOf(this.deps.kv, incidentId);
  }

  /** Workflow hook: the incident's channel, opened and announced, as the room the page is asked from. */
  async openRoom(incident: Incident, declared: PendingAction): Promise<IncidentRoom> {
    const record = await this.open(incident, declared);
    return { name: record.name, origin: slackOrigin({ channel: record.channel, threadTs: record.summaryTs }) };
  }

  /** Workflow hook: what paging the commander did, in the channel's thread (its card, when it waits for a confirmation). */
  async report(outcome: CallOutcome, where: Origin): Promise<void> {
    const thread = threadOf(where);
    if (!thread) return;
    if (outcome.status === 'pending') {
      await this.deps.client.chat.postMessage({ channel: thread.channel, thread_ts: thread.threadTs, text: `Paging the incident commander needs a confirmation:` });
      await this.deps.cards.post(outcome.action);
      return;
    }
    await this.deps.client.chat.postMessage({ channel: thread.channel, thread_ts: thread.threadTs, text: outsideText(outcome.text) });
  }

  /** Opens (once, however often asked) the channel of an incident and announces it. */
  open(incident: Incident, declared: PendingAction): Promise<IncidentChannelRecord> {
    let opening = this.opening.get(incident.id);
    if (!opening) {
      opening = this.openOnce(incident, declared).finally(() => this.opening.delete(incident.id));
      this.opening.set(incident.id, opening);
    }
    return opening;
  }

  private async openOnce(incident: Incident, declared: PendingAction): Promise<IncidentChannelRecord> {
    const existing = await this.channelOf(incident.id);
    if (existing) return existing;
    const { channel, name } = await this.createChannel(incidentChannelName(this.deps.config.slack.incidentChannelPrefix, incident));
    // Recorded at once: a failure further on must not make a later follow-up create another channel.
    await this.deps.kv.put(NAMESPACE, incident.id, { channel, name, summaryTs: '' });
    await rememberIncidentChannel(this.deps.kv, channel, incident);
    const summary = await this.deps.client.chat.postMessage({ channel, text: summaryText(incident, declared) });
    const record = { channel, name, summaryTs: summary.ts ?? '' };
    await this.deps.kv.put(NAMESPACE, incident.id, record);
    await this.invite({ channel, threadTs: record.summaryTs }, [incident.owner, incident.declaredBy]);
    await this.tellAskingThread(declared, incident, record);
    return record;
  }

  private async createChannel(base: string): Promise<{ channel: string; name: string }> {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const name = attempt === 1 ? base : withSuffix(base, `-${attempt}`);
      try {
        const created = await this.deps.client.conversations.create({ name, is_private: false });
        if (created.channel?.id) return { channel: created.channel.id, name: created.channel.name ?? name };
      } catch (error) {
        if (slackErrorCode(error) !== 'name_taken') throw error;
      }
    }
    throw new Error(`could not find a free channel name for ${base}`);
  }

  private async invite(thread: SlackThread, people: string[]): Promise<void> {
    const users = [...new Set(people)].filter((user) => user !== this.deps.botUserId);
    if (!users.length) return;
    try {
      await this.deps.client.conversations.invite({ channel: thread.channel, users: users.join(',') });
    } catch (error) {
      const code = slackErrorCode(error);
      if (code === 'already_in_channel' || code === 'cant_invite_self') return;
      this.deps.logger.warn(`inviting ${users.join(', ')} to ${thread.channel}: ${code ?? String(error)}`);
      await this.deps.client.chat.postMessage({ channel: thread.channel, thread_ts: thread.threadTs, text: `I could not invite ${users.map((user) => `<@${user}>`).join(', ')} (${code ?? 'error'}); please add them by hand.` });
    }
  }

  private async tellAskingThread(declared: PendingAction, incident: Incident, record: IncidentChannelRecord): Promise<void> {
    const asking = threadOf(declared.origin);
    if (!asking) return;
    await this.deps.client.chat.postMessage({ channel: asking.channel, thread_ts: asking.threadTs, text: `Opened <#${record.channel}> for ${incident.id}.` });
  }
}

/** `inc-2026-0042-auth-5xx`: prefix, the incident number and the title, as Slack allows (lower-case, digits, `-`, `_`, ≤ 80). */
export function incidentChannelName(prefix: string, incident: Pick<Incident, 'id' | 'title'>): string {
  const number = incident.id.replace(/^[A-Za-z]+-/, '');
  return slug(`${prefix}-${number}-${incident.title}`);
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

function withSuffix(base: string, suffix: string): string {
  return `${base.slice(0, NAME_LIMIT - suffix.length).replace(/-+$/, '')}${suffix}`;
}

function summaryText(incident: Incident, declared: PendingAction): string {
  const approved = declared.decidedBy ? `, approved by <@${declared.decidedBy}>` : '';
  return [
    `:rotating_light: *${incident.id}: ${escapeMrkdwn(incident.title)}*`,
    `*Severity:* ${incident.severity}   *Status:* ${incident.status}   *Owner:* <@${incident.owner}>`,
    `Declared by <@${incident.declaredBy}>${approved}. Updates go through opsbot (\`incident update ${incident.id} …\`).`,
  ].join('\n');
}

/** The channel opsbot opened for an incident, read from the store (for other front ends, e.g. the webhook receiver). */
export function incidentChannelOf(kv: KvRepository, incidentId: string): Promise<IncidentChannelRecord | undefined> {
  return incidentRoomOf(kv, incidentId);
}
