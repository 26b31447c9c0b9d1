import type { Incident } from '../backends/ports/incidents.js';
import type { OutgoingMessage } from './posting.js';

/** What an `incident update` changed, as its arguments say. */
export interface StatusChange {
  status?: string;
  severity?: string;
  owner?: string;
  note?: string;
}

/** The status update posted to the incident's room and to `incidents.announceChannel`. */
export function statusUpdateMessage(incident: Incident, change: StatusChange, by: string): OutgoingMessage {
  const changed = [change.severity && `severity *${change.severity}*`, change.status && `status *${change.status}*`, change.owner && `owner <@${change.owner}>`].filter(Boolean).join(', ');
  const head = `:information_source: *${incident.id}: ${incident.title}*${changed ? ` — ${changed}` : ''}`;
  const now = `Now: severity ${incident.severity}, ${incident.status}, owner <@${incident.owner}>${incident.service ? `, service ${incident.service}` : ''}.`;
  return { text: [head, change.note ? `> ${change.note}` : '', `${now} Update by <@${by}>.`].filter(Boolean).join('\n') };
}
