import type { KvRepository } from './kv-repository.js';

// Keyed by conversation id: a message or reaction in a room costs one read to find its incident.
const NAMESPACE = 'slack-incident-channel-services';

/** What an incident's room (a Slack channel) is about: its incident, and the service that incident names, if any. */
export interface IncidentRoomRecord {
  incident: string;
  service?: string;
}

/** Records that a conversation is an incident's room, so commands there default to its incident and service. */
export async function rememberIncidentRoom(kv: KvRepository, channel: string, incident: { id: string; service?: string }): Promise<void> {
  await kv.put(NAMESPACE, channel, { incident: incident.id, ...(incident.service ? { service: incident.service } : {}) } satisfies IncidentRoomRecord);
}

/** The incident whose room `channel` is, if it is one. */
export function incidentRoomOf(kv: KvRepository, channel: string): Promise<IncidentRoomRecord | undefined> {
  return kv.get<IncidentRoomRecord>(NAMESPACE, channel);
}
