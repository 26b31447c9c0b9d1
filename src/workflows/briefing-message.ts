import type { Incident } from '../backends/ports/incidents.js';
import type { OutgoingMessage } from './posting.js';

/** One part of an incident briefing: still being gathered, gathered, or failed on its own with the reason. */
export type BriefingPart = { title: string; state: 'pending' } | { title: string; state: 'ok'; text: string } | { title: string; state: 'failed'; reason: string };

/** The incident briefing: one message, redrawn in place as each part arrives. */
export function briefingMessage(incident: Incident, parts: BriefingPart[], at: Date): OutgoingMessage {
  const scope = incident.service ? `service ${incident.service}` : 'the whole fleet (no service named)';
  const done = parts.every((part) => part.state !== 'pending');
  const lines = [`:clipboard: *Briefing for ${incident.id}: ${incident.title}* — ${scope}, severity ${incident.severity}`];
  for (const part of parts) {
    if (part.state === 'pending') lines.push(`*${part.title}:* gathering…`);
    else if (part.state === 'failed') lines.push(`*${part.title}:* :warning: ${part.reason}`);
    else lines.push(`*${part.title}:*\n${indent(part.text)}`);
  }
  lines.push(done ? `_As of ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC. \`incident timeline\` for what happened since._` : '_Gathering…_');
  return { text: lines.join('\n') };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line.trim()}`)
    .join('\n');
}
