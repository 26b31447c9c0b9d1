import { randomUUID } from 'node:crypto';
import type { Logger } from '@slack/bolt';
import type { Incident } from '../../backends/ports/incidents.js';
import type { Config } from '../../config/schema.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { ActionState } from '../../actions/action-state.js';
import type { PendingAction } from '../../actions/pending-action.js';
import type { KvRepository } from '../../store/kv-repository.js';
import type { ApprovalCards } from './approval-cards.js';
import type { BackgroundWork } from './background-work.js';
import { escapeMrkdwn, outsideText, truncate } from './mrkdwn.js';
import { claimOnce } from './replica-claim.js';
import { slackErrorCode, type SlackClient } from './slack-client.js';
import { slackOrigin, threadOf, type SlackThread } from './slack-origin.js';

const NAMESPACE = 'slack-incident-channels';
const CLAIMS = 'slack-incident-channel-claims';
// A replica that claimed an incident and died before opening its channel hands it over after this long.
const CLAIM_LAPSE_MS = 2 * 60_000;
const NAME_LIMIT = 80;
const RECENT_MS = 15 * 60_000;

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
  gateway: Gateway;
  cards: ApprovalCards;
  config: Config;
  logger: Logger;
  work: BackgroundWork;
  botUserId: string;
}

/**
 * When a declared incident has really been opened (incident_declare succeeded after its approval), gives it a
 * channel: created, summary posted, owner and declarer invited, and the incident commander paged through the
 * gateway as the declarer — so the page gets its own decision, or its own card, like any other.
 */
export class IncidentChannels {
  private readonly opening = new Map<string, Promise<IncidentChannelRecord | undefined>>();
  private readonly instance = randomUUID();

  constructor(private readonly deps: IncidentChannelsDependencies) {}

  /** Gateway listener: returns at once; the channel is opened in the background. */
  readonly onActionChange = (action: PendingAction, event: ActionState): void => {
    if (event !== 'succeeded' || action.tool !== 'incident_declare') return;
    const incident = incidentOf(action);
    if (incident) this.deps.work.track(`incident channel for ${incident.id}`, this.open(incident, action));
  };

  /**
   * Opens the channels of incidents declared lately whose success this process did not see (confirmed from the
   * CLI, or opsbot stopped between the declaration and the channel). Only recent ones: starting Slack must not
   * open channels for last month's incidents.
   */
  async sweep(): Promise<void> {
    const since = Date.now() - RECENT_MS;
    for (const action of await this.deps.gateway.listActions(20, { states: ['succeeded'] })) {
      const incident = action.tool === 'incident_declare' && Date.parse(action.updatedAt) > since ? incidentOf(action) : undefined;
      if (incident && !(await this.channelOf(incident.id))) await this.open(incident, action);
    }
  }

  /** The channel of an incident, if opsbot opened one. */
  channelOf(incidentId: string): Promise<IncidentChannelRecord | undefined> {
    return this.deps.kv.get<IncidentChannelRecord>(NAMESPACE, incidentId);
  }

  /** Opens (once, however often asked, in any replica) the channel of an incident and does the rest of the set-up; undefined when another replica is doing it. */
  open(incident: Incident, declared: PendingAction): Promise<IncidentChannelRecord | undefined> {
    let opening = this.opening.get(incident.id);
    if (!opening) {
      opening = this.openOnce(incident, declared).finally(() => this.opening.delete(incident.id));
      this.opening.set(incident.id, opening);
    }
    return opening;
  }

  private async openOnce(incident: Incident, declared: PendingAction): Promise<IncidentChannelRecord | undefined> {
    const existing = await this.channelOf(incident.id);
    if (existing) return existing;
    // Claim the incident first (one transactional write), so two replicas, or a listener and another process's
    // sweep, never both open a channel and page the commander twice. A claim left by a crash lapses.
    if (!(await claimOnce(this.deps.kv, CLAIMS, incident.id, this.instance, CLAIM_LAPSE_MS))) return undefined;
    const { channel, name } = await this.createChannel(incidentChannelName(this.deps.config.slack.incidentChannelPrefix, incident));
    // Recorded at once: a failure further on must not make the sweep create another channel.
    await this.deps.kv.put(NAMESPACE, incident.id, { channel, name, summaryTs: '' });
    const summary = await this.deps.client.chat.postMessage({ channel, text: summaryText(incident, declared) });
    const record = { channel, name, summaryTs: summary.ts ?? '' };
    await this.deps.kv.put(NAMESPACE, incident.id, record);
    const thread = { channel, threadTs: record.summaryTs };
    await this.invite(thread, [incident.owner, incident.declaredBy]);
    await this.tellAskingThread(declared, incident, record);
    await this.pageCommander(thread, incident, name, declared.requester);
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

  private async pageCommander(thread: SlackThread, incident: Incident, channelName: string, declarer: string): Promise<void> {
    const message = truncate(`${incident.id} (${incident.severity}): ${incident.title}. Join #${channelName}.`, 500);
    const outcome = await this.deps.gateway.call({ tool: 'page', args: { target: 'incident_commander', message }, actor: declarer, origin: slackOrigin(thread) });
    if (outcome.status === 'pending') {
      await this.deps.client.chat.postMessage({ channel: thread.channel, thread_ts: thread.threadTs, text: `Paging the incident commander needs a confirmation:` });
      await this.deps.cards.post(outcome.action);
      return;
    }
    await this.deps.client.chat.postMessage({ channel: thread.channel, thread_ts: thread.threadTs, text: outsideText(outcome.text) });
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

function incidentOf(action: PendingAction): Incident | undefined {
  const data = action.result?.data;
  if (!data || typeof data !== 'object' || !('incident' in data)) return undefined;
  const incident = (data as { incident: unknown }).incident;
  return incident && typeof incident === 'object' && 'id' in incident && 'title' in incident ? (incident as Incident) : undefined;
}
