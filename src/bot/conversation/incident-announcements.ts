import type { Incident } from '../../backends/ports/incidents.js';
import type { Config } from '../../config/schema.js';
import type { TransactionHook } from '../../gateway/gateway.js';
import type { KvRepository } from '../../store/kv-repository.js';
import type { OutboxRepository } from '../../store/outbox-repository.js';
import { declaredIncident } from '../../tools/incidents.js';
import type { ChatContent, RichText } from './card.js';
import { incidentRoomOf } from './incident-rooms.js';

const TOOL = 'incident_update';

/** What an `incident update` changed, as its arguments say. */
export interface StatusChange {
  status?: string;
  severity?: string;
  owner?: string;
  note?: string;
}

/** The outbox purpose of a status update. */
export const INCIDENT_UPDATE_PURPOSE = 'incident-update';

/**
 * Incident status updates (issue 20), written to the outbox in the transaction that records an `incident update`
 * as succeeded, in whichever process ran it (a chat, the shell, MCP, the CLI): one row for the incident's room and
 * one for `incidents.announceChannel`, on any platform, sent with retries by a chat process's worker. PagerDuty
 * hears it from the incidents port itself.
 */
export function incidentAnnouncementRows(deps: { outbox: Pick<OutboxRepository, 'enqueue'>; kv: KvRepository; config: Pick<Config, 'incidents'> }): TransactionHook {
  return async (action, state, executor) => {
    if (state !== 'succeeded' || action.tool !== TOOL) return;
    const incident = declaredIncident(action.result?.data);
    if (!incident) return;
    const room = (await incidentRoomOf(deps.kv, incident.id, executor))?.channel;
    const targets = [...new Set([room, deps.config.incidents.announceChannel].filter((target): target is string => Boolean(target)))];
    const content = statusUpdateContent(incident, action.args as StatusChange, action.requester);
    await deps.outbox.enqueue(targets.map((channel) => ({ purpose: INCIDENT_UPDATE_PURPOSE, channel, content })), executor);
  };
}

/** The status update as rich text: what changed, the note (literal), and where things stand now. */
export function statusUpdateContent(incident: Incident, change: StatusChange, by: string): ChatContent {
  const changed: RichText[] = [];
  if (change.severity) changed.push(['severity ', { bold: [change.severity] }]);
  if (change.status) changed.push(['status ', { bold: [change.status] }]);
  if (change.owner) changed.push(['owner ', { person: change.owner }]);
  return {
    fallback: `${incident.id}: ${incident.title} updated`,
    text: [
      { icon: 'info' },
      ' ',
      { bold: [`${incident.id}: ${incident.title}`] },
      ...(changed.length ? [' — ', ...changed.flatMap((part, index) => (index ? [', ', ...part] : part))] : []),
      ...(change.note ? ['\n', { italic: [change.note] }] : []),
      `\nNow: severity ${incident.severity}, ${incident.status}, owner `,
      { person: incident.owner },
      `${incident.service ? `, service ${incident.service}` : ''}. Update by `,
      { person: by },
      '.',
    ],
  };
}
