import type { KvRepository } from '../../store/kv-repository.js';

// The name predates other platforms; kept so rooms opened before are still found.
export const INCIDENT_ROOMS = 'slack-incident-channels';

/** The room (channel) opsbot opened for an incident, kept in kv: the incident record changes only through an approved tool call. */
export interface IncidentRoomPlace {
  /** A channel ref: a bare id is Slack, others carry their platform (`mattermost:k8x…`). */
  channel: string;
  name: string;
  /** The briefing message the room's thread hangs off. */
  summaryTs: string;
}

/** The room opsbot opened for an incident, read from the store (for any front end, e.g. the webhook receiver). */
export function incidentRoomOf(kv: KvRepository, incidentId: string): Promise<IncidentRoomPlace | undefined> {
  return kv.get<IncidentRoomPlace>(INCIDENT_ROOMS, incidentId);
}
