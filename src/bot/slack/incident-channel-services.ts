import type { ChannelServiceLookup } from '../../agent/router/index.js';
import type { Incident } from '../../backends/ports/incidents.js';
import type { KvRepository } from '../../store/kv-repository.js';

// Keyed by channel id (the other direction of incident-channel.ts), so a message there costs one read.
const NAMESPACE = 'slack-incident-channel-services';

/** What an incident's Slack channel is about: its incident, and the service that incident names, if any. */
export interface IncidentChannelService {
  incident: string;
  service?: string;
}

/** Records that a channel is an incident's, so commands there default to the incident's service. */
export async function rememberIncidentChannel(kv: KvRepository, channel: string, incident: Pick<Incident, 'id' | 'service'>): Promise<void> {
  await kv.put(NAMESPACE, channel, { incident: incident.id, ...(incident.service ? { service: incident.service } : {}) } satisfies IncidentChannelService);
}

/** The router's channel lookup for incident channels: the service of the incident whose channel it is, read per message. */
export function incidentChannelServices(kv: KvRepository): ChannelServiceLookup {
  return async (channel) => (await kv.get<IncidentChannelService>(NAMESPACE, channel))?.service;
}
