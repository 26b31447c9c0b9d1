import type { Alert } from '../backends/ports/alerts.js';
import type { Incident } from '../backends/ports/incidents.js';
import { formatTimeline, type TimelineEntry } from '../audit/incident-timeline.js';

/** The worst value of one metric while the incident was open. */
export interface WorstFigure {
  metric: string;
  value: number;
  unit: string;
  at: string;
}

/** Everything a postmortem is written from; the model sees exactly this, and nothing else. */
export interface PostmortemFacts {
  incident: Pick<Incident, 'id' | 'title' | 'severity' | 'status' | 'owner' | 'service' | 'createdAt' | 'resolvedAt'>;
  duration: string | null;
  timeToAcknowledge: string | null;
  worst: WorstFigure[];
  detection: Pick<Alert, 'name' | 'summary' | 'startsAt'> | null;
  timeline: TimelineEntry[];
}

/** Narrative sections a model may write; each replaces the structured one only after the figure check. */
export interface Narrative {
  summary?: string;
  refused?: string;
}

const DONE_KINDS = new Set(['paged', 'deployed', 'deploy failed', 'rolled back', 'silenced', 'severity changed', 'status changed']);

/** `1 h 23 min 5 s`: exact to the second, from two ISO instants. */
export function exactDuration(from: string, to: string): string {
  let seconds = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  return [hours && `${hours} h`, (hours || minutes) && `${minutes} min`, `${seconds} s`].filter(Boolean).join(' ');
}

/** The facts as the data block the model reads (and its text cited figures are checked against). */
export function factsAsData(facts: PostmortemFacts): string {
  return JSON.stringify(facts, null, 1);
}

/** The Markdown draft: summary, impact, timeline, what was done, detection, open questions. */
export function postmortemMarkdown(facts: PostmortemFacts, narrative: Narrative = {}): string {
  const { incident } = facts;
  const structured = `${incident.id} "${incident.title}" (severity ${incident.severity}${incident.service ? `, service ${incident.service}` : ''}) was declared at ${incident.createdAt}${incident.resolvedAt ? ` and resolved at ${incident.resolvedAt}` : ' and is not resolved yet'}.`;
  const done = facts.timeline.filter((entry) => DONE_KINDS.has(entry.kind));
  const questions = [
    facts.detection ? `Did ${facts.detection.name} fire early enough, and was it the right alert?` : 'No alert was firing for the service at declaration: how was the incident noticed, and which alert should have caught it?',
    facts.timeToAcknowledge ? null : 'The page was not acknowledged through the paging system: who picked it up, and how?',
    done.some((entry) => entry.kind === 'rolled back') ? 'What let the rolled-back change reach production, and what check would have stopped it?' : null,
    'What would have made this shorter?',
  ].filter(Boolean);
  return [
    `# Postmortem: ${incident.id} ${incident.title} (draft)`,
    '',
    '## Summary',
    '',
    narrative.summary ?? structured,
    ...(narrative.refused ? ['', `> ${narrative.refused}`] : []),
    '',
    '## Impact',
    '',
    `- Duration: ${facts.duration ?? 'open'}`,
    `- Services: ${incident.service ?? 'not named'}`,
    `- Severity: ${incident.severity}`,
    ...(facts.worst.length ? facts.worst.map((figure) => `- Worst ${figure.metric}: ${figure.value} ${figure.unit} at ${figure.at}`) : ['- Metrics at their worst: no data for the incident window']),
    '',
    '## Timeline (UTC)',
    '',
    ...(facts.timeline.length ? formatTimeline(facts.timeline).map((line) => `- ${line}`) : ['- nothing recorded']),
    '',
    '## What was done',
    '',
    ...(done.length ? done.map((entry) => `- ${entry.text} (${entry.by})`) : ['- nothing through opsbot']),
    '',
    '## Detection',
    '',
    facts.detection ? `- Alert: ${facts.detection.name} (${facts.detection.summary}), firing since ${facts.detection.startsAt}` : '- Alert: none firing for the service at declaration',
    `- Time to acknowledge: ${facts.timeToAcknowledge ?? 'not acknowledged through the paging system'}`,
    '',
    '## Open questions',
    '',
    ...questions.map((question) => `- ${question}`),
    '',
  ].join('\n');
}
