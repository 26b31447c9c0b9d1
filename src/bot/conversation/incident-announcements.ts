import type { Incident } from '../../backends/ports/incidents.js';
import type { OutboxRepository } from '../../store/outbox-repository.js';
import type { StatusChange } from '../../workflows/incident-messages.js';
import type { IncidentAnnouncements } from '../../workflows/incident-updated.js';
import type { ChatContent, RichText } from './card.js';

/** Incident status updates written to the outbox (issue 20): sent with retries to the room and `incidents.announceChannel`, on any platform. */
export function outboxAnnouncements(outbox: OutboxRepository, kick: () => void): IncidentAnnouncements {
  return {
    async enqueue(conversation, incident, change, by) {
      await outbox.enqueue([{ purpose: 'incident-update', channel: conversation, content: statusUpdateContent(incident, change, by) }]);
      kick();
    },
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
