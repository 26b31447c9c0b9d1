import type { ResolveOutcome } from '../../actions/outcomes.js';
import type { Reply } from '../../agent/responder.js';
import type { ActionState } from '../../actions/action-state.js';
import type { PendingAction } from '../../actions/pending-action.js';
import { previewFacts } from '../../actions/preview-facts.js';
import { STATE_SENTENCES, stateSentence } from '../../actions/state-sentences.js';
import { peopleTime, peopleTimes } from './times.js';

/**
 * A pending action as a text card (shell, CLI, Slack fallback text): what will happen, the facts captured at
 * proposal time, who may approve, when it expires, and the choices by id. Times read "14:05 UTC (in 15 min)".
 */
export function renderActionCard(action: PendingAction, options: TextOptions = {}): string {
  const lines = [`Needs confirmation: ${action.summary}`];
  const preview = previewLine(action.preview);
  if (preview) lines.push(`  ${preview}`);
  lines.push(`  approver: ${action.approval.summary}`);
  lines.push(`  requested by ${action.requester}; expires ${options.iso ? action.expiresAt : peopleTime(action.expiresAt, options.now)}; id ${action.id}`);
  lines.push(`  [confirm ${action.id} | reject ${action.id}]${options.hint ? ` ${options.hint}` : ''}`);
  return lines.join('\n');
}

/**
 * Slack mention syntax (`<@U00LEAD>`, which tools write so Slack shows a name) as a terminal reader wants it: the
 * person's name, or the bare id right after that same name ("Lee Lead (<@U00LEAD>)" → "Lee Lead (U00LEAD)").
 */
export function plainMentions(text: string, people: Record<string, { name: string } | undefined>): string {
  return text.replace(/<@([UW][A-Z0-9]+)>/g, (_mention, id: string, offset: number) => {
    const name = people[id]?.name;
    if (!name) return id;
    return text.slice(Math.max(0, offset - name.length - 2), offset) === `${name} (` ? id : name;
  });
}

/** How a text is rendered: `now` for "12 min ago"; `iso` keeps timestamps as written (machine views, `--json`). */
export interface TextOptions {
  hint?: string;
  now?: Date;
  iso?: boolean;
}

/** A reply for a text front end (shell, CLI): its words, then the card of each action it proposed; times for people. */
export function renderReply(reply: Pick<Reply, 'text' | 'actions'>, options: TextOptions = {}): string {
  const text = options.iso ? reply.text : peopleTimes(reply.text, options.now);
  return [text, ...reply.actions.map((action) => renderActionCard(action, options))].filter(Boolean).join('\n');
}

/** `current v2.3.1 → proposed v2.4.0`, then any other preview facts as `name: value`. */
export function previewLine(preview: Record<string, string> | null): string {
  return previewFacts(preview)
    .map((fact) => (fact.name === 'change' ? fact.value : `${fact.name}: ${fact.value}`))
    .join('; ');
}

/** One line per action for lists (`opsbot actions`): id, state, what, who. */
export function renderActionLine(action: PendingAction, now: Date = new Date()): string {
  const decided = action.decidedBy ? `, ${STATE_SENTENCES[action.state].decider} ${action.decidedBy}` : '';
  const pending = action.state === 'proposed' ? `, expires ${peopleTime(action.expiresAt, now)}, approver: ${action.approval.summary}` : '';
  return `${action.id}  ${action.state.padEnd(15)} ${action.summary} (requested by ${action.requester}${decided}${pending})`;
}

/** A progress line for a transition seen while waiting (`act_… running: deploy frontend v2.4.0 to staging`). */
export function renderActionEvent(action: PendingAction, event: ActionState, now: Date = new Date()): string {
  return peopleTimes(actionEventText(action, event), now);
}

function actionEventText(action: PendingAction, event: ActionState): string {
  if (event === 'approved') return `${action.id} approved by ${action.decidedBy ?? 'someone'}: ${action.summary}`;
  if (event === 'running') return `${action.id} running: ${action.summary}…`;
  if (event === 'expired') return stateSentence({ ...action, state: event }, 'report', { subject: `${action.id} (${action.summary})` });
  const result = action.result ? `: ${action.result.text}` : '';
  return `${action.id} ${event}${result}`;
}

/** The answer to a confirm or reject: what ran and how it went, or why nothing happened. */
export function renderResolveOutcome(outcome: ResolveOutcome, now: Date = new Date()): string {
  if (outcome.status !== 'executed') return peopleTimes(outcome.text, now);
  const action = outcome.action;
  return peopleTimes(action.state === 'succeeded' ? `${action.id} succeeded: ${outcome.text}` : `${action.id} ${action.state}: ${outcome.text}`, now);
}
