import type { Incident } from '../backends/ports/incidents.js';
import type { AuditFilter, AuditRecord } from './audit-log.js';

/** What kind of step a timeline entry is; the postmortem and reports count by these. */
export type TimelineKind = 'declared' | 'paged' | 'acknowledged' | 'deployed' | 'deploy failed' | 'rolled back' | 'silenced' | 'severity changed' | 'status changed' | 'update' | 'note' | 'resolved';

/** One step of an incident, read from the audit log: when, who, what. */
export interface TimelineEntry {
  at: string;
  by: string;
  kind: TimelineKind;
  text: string;
  /** The audit record it comes from, so anyone can check it (`audit ACTION-ID`, `audit verify`). */
  seq: number;
}

/** Audit event a webhook receiver writes when the paging system reports a step of an opsbot incident. */
export const PAGING_EVENT = 'paging-event';
/** Result text of an `incident_note`; the note is read back from it, so it is typed once. */
export const NOTE_PREFIX = 'Noted on ';

// Changes to a service that belong on the timeline of an incident about that service while it is open.
const SERVICE_TOOLS = ['deploy', 'rollback', 'alert_silence'];
const OUTCOMES = new Set(['succeeded', 'failed', 'outcome_unknown']);
const SEARCH_LIMIT = 500;

type Search = (filter: AuditFilter) => Promise<AuditRecord[]>;

/**
 * The timeline of one incident, built only from the audit log (nothing typed twice): the records that name the
 * incident (its declaration, updates, notes, the page that named it, paging-system events), and changes to its
 * service between declaration and resolution. Each approved change appears once, at its outcome, with who asked.
 */
export async function incidentTimeline(incident: Incident, search: Search): Promise<TimelineEntry[]> {
  const until = incident.resolvedAt ?? '9999';
  const named = await search({ text: incident.id, limit: SEARCH_LIMIT });
  const serviceChanges = incident.service ? (await Promise.all(SERVICE_TOOLS.map((tool) => search({ tool, since: incident.createdAt, limit: SEARCH_LIMIT })))).flat() : [];
  const actionIds = new Set([...named, ...serviceChanges].map((record) => record.actionId).filter((id): id is string => Boolean(id)));
  const byAction = new Map<string, AuditRecord[]>();
  for (const id of actionIds) byAction.set(id, await search({ actionId: id, limit: 50 }));

  const entries: TimelineEntry[] = [];
  for (const [, records] of byAction) {
    const proposed = records.find((record) => record.event === 'proposed');
    const outcome = records.find((record) => OUTCOMES.has(record.event));
    if (!proposed || !outcome) continue;
    const args = (proposed.args ?? {}) as Record<string, unknown>;
    if (SERVICE_TOOLS.includes(proposed.tool ?? '') && (args.service !== incident.service || outcome.at > until)) continue;
    const entry = actionEntry(incident, proposed.tool ?? '', args, outcome, proposed.actor);
    if (entry) entries.push(entry);
  }
  for (const record of named) {
    if (record.tool === 'incident_note' && record.event === 'result' && record.decision === 'ok') {
      const text = textOf(record);
      if (text.startsWith(`${NOTE_PREFIX}${incident.id}: `)) entries.push({ at: record.at, by: record.actor, kind: 'note', text: text.slice(NOTE_PREFIX.length + incident.id.length + 2), seq: record.seq });
    }
    if (record.event === PAGING_EVENT) {
      const detail = (record.detail ?? {}) as { incident?: string; step?: string; text?: string };
      if (detail.incident === incident.id && (detail.step === 'acknowledged' || detail.step === 'resolved')) {
        entries.push({ at: record.at, by: record.actor, kind: detail.step === 'acknowledged' ? 'acknowledged' : 'resolved', text: detail.text ?? detail.step, seq: record.seq });
      }
    }
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
}

function actionEntry(incident: Incident, tool: string, args: Record<string, unknown>, outcome: AuditRecord, requester: string): TimelineEntry | undefined {
  const approved = outcome.actor !== requester && outcome.actor !== 'opsbot' ? ` (approved by ${outcome.actor})` : '';
  const entry = (kind: TimelineKind, text: string): TimelineEntry => ({ at: outcome.at, by: requester, kind, text: `${text}${approved}`, seq: outcome.seq });
  const ok = outcome.event === 'succeeded';
  switch (tool) {
    case 'incident_declare':
      return ok && textOf(outcome).includes(incident.id) ? entry('declared', `declared "${String(args.title)}" (severity ${String(args.severity ?? 'medium')})`) : undefined;
    case 'page':
      return ok ? entry('paged', `paged ${String(args.target)}: ${firstLine(textOf(outcome))}`) : undefined;
    case 'deploy':
      return entry(ok ? 'deployed' : 'deploy failed', `${ok ? 'deployed' : `deploy ${outcome.event}:`} ${String(args.service)} ${String(args.version)} to ${String(args.environment)}`);
    case 'rollback':
      return ok ? entry('rolled back', `rolled back ${String(args.service)} in ${String(args.environment)}${args.version ? ` to ${String(args.version)}` : ''}`) : entry('deploy failed', `rollback ${outcome.event}: ${String(args.service)} in ${String(args.environment)}`);
    case 'alert_silence':
      return ok ? entry('silenced', `silenced ${String(args.alert)} for ${String(args.duration_minutes)} min ("${String(args.comment)}")`) : undefined;
    case 'incident_update': {
      if (!ok || !names(incident, args, outcome)) return undefined;
      const kind: TimelineKind = args.severity ? 'severity changed' : args.status ? 'status changed' : 'update';
      const parts = [args.severity && `severity ${String(args.severity)}`, args.status && `status ${String(args.status)}`, args.owner && `owner ${String(args.owner)}`].filter(Boolean);
      return entry(kind, [parts.join(', '), args.note ? String(args.note) : ''].filter(Boolean).join(': '));
    }
    case 'incident_resolve':
      return ok && names(incident, args, outcome) ? entry('resolved', `resolved${args.note ? `: ${String(args.note)}` : ''}`) : undefined;
    default:
      return undefined;
  }
}

// The id may have been left out in the incident's own room; the outcome's text then names it.
function names(incident: Incident, args: Record<string, unknown>, outcome: AuditRecord): boolean {
  return args.id === incident.id || (args.id === undefined && textOf(outcome).includes(incident.id));
}

function textOf(record: AuditRecord): string {
  const detail = record.detail as { text?: unknown } | undefined;
  return typeof detail?.text === 'string' ? detail.text : '';
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 200);
}

/** `10:02:11 U00LEAD declared "…"`: one line per entry, times in UTC. */
export function formatTimeline(entries: TimelineEntry[]): string[] {
  return entries.map((entry) => `${entry.at.slice(0, 19).replace('T', ' ')}Z ${entry.kind}: ${entry.text} (${entry.by})`);
}
