import type { ChannelServiceLookup } from '../../agent/router/index.js';
import type { Incident } from '../../backends/ports/incidents.js';
import type { KvRepository } from '../../store/kv-repository.js';
import { incidentRoomOf, type IncidentRoomRecord, rememberIncidentRoom } from '../../store/incident-rooms.js';

/** What an incident's Slack channel is about: its incident, and the service that incident names, if any. */
export type IncidentChannelService = IncidentRoomRecord;

/** Records that a channel is an incident's, so commands there default to the incident's service. */
export async function rememberIncidentChannel(kv: KvRepository, channel: string, incident: Pick<Incident, 'id' | 'service'>): Promise<void> {
  await rememberIncidentRoom(kv, channel, incident);
}

/** The router's channel lookup for incident channels: the service of the incident whose channel it is, read per message. */
export function incidentChannelServices(kv: KvRepository): ChannelServiceLookup {
  return async (channel) => (await incidentRoomOf(kv, channel))?.service;
}
