import { ToolFailure } from '../errors.js';
import type { Incident } from '../backends/ports/incidents.js';
import type { ToolContext } from './define-tool.js';

const NO_ID = 'Which incident? Give its id, e.g. INC-2026-0001, or ask in the incident\'s channel ("incidents" lists them).';

/** The incident a call names, or, with no id, the one whose room the call was made in. */
export async function incidentIdOf(id: string | undefined, { backends, origin }: Pick<ToolContext, 'backends' | 'origin'>): Promise<string> {
  if (id) return id;
  const inRoom = origin.channel ? await backends.records.incidentInRoom(origin.channel) : undefined;
  if (!inRoom) throw new ToolFailure(NO_ID);
  return inRoom;
}

/** The incident itself, as `incidentIdOf` finds it; a readable failure when it does not exist. */
export async function incidentOf(id: string | undefined, context: Pick<ToolContext, 'backends' | 'origin'>): Promise<Incident> {
  const wanted = await incidentIdOf(id, context);
  const incident = await context.backends.incidents.get(wanted);
  if (!incident) throw new ToolFailure(`No incident ${wanted}.`);
  return incident;
}
