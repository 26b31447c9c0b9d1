import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, ListResourceTemplatesRequestSchema, ListResourcesRequestSchema, ReadResourceRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Origin } from '../../actions/origin.js';
import type { Gateway } from '../../gateway/gateway.js';
import { ProtocolError } from './protocol-error.js';

const TEMPLATE = 'opsbot://incidents/{id}/timeline';
const PATTERN = /^opsbot:\/\/incidents\/(INC-\d{4}-\d{4})\/timeline$/i;

/**
 * An incident's timeline as an MCP resource (`opsbot://incidents/INC-2026-0001/timeline`), read through the gateway as
 * the session's identity exactly like the `incident_timeline` tool, so policy and audit are the same.
 */
export function registerIncidentResources(server: Server, context: { gateway: Gateway; actor: string; origin: Origin }): void {
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: [{ uriTemplate: TEMPLATE, name: 'incident-timeline', title: 'Incident timeline', description: 'Every step of an incident, from the audit log.', mimeType: 'text/plain' }],
  }));
  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const outcome = await context.gateway.call({ tool: 'incident_list', args: {}, actor: context.actor, origin: context.origin });
    const incidents = outcome.status === 'ok' ? ((outcome.data as { incidents?: Array<{ id: string; title: string }> }).incidents ?? []) : [];
    return { resources: incidents.map((incident) => ({ uri: `opsbot://incidents/${incident.id}/timeline`, name: `${incident.id} timeline`, title: incident.title, mimeType: 'text/plain' })) };
  });
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const id = PATTERN.exec(request.params.uri)?.[1];
    if (!id) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown resource ${request.params.uri}; incident timelines are ${TEMPLATE}.`);
    const outcome = await context.gateway.call({ tool: 'incident_timeline', args: { id }, actor: context.actor, origin: context.origin });
    if (outcome.status !== 'ok') throw new ProtocolError(ErrorCode.InvalidParams, outcome.text);
    return { contents: [{ uri: request.params.uri, mimeType: 'text/plain', text: outcome.text }] };
  });
}
