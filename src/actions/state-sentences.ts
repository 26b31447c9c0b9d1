import type { ActionState } from './action-state.js';
import type { PendingAction } from './pending-action.js';

/**
 * How one state is said. Templates fill `{subject}` (the action's name), `{by}` (whoever decided), `{when}` (when
 * they did), `{expires}` and `{result}`; a `[bracketed]` part is dropped when a value inside it is missing.
 */
export interface StateSentence {
  /** The state on its own, as a card's status line: "Rejected by U1 at …; nothing ran". */
  status: string;
  /** What became of the action, after its name: "act_1 was rejected by U1; nothing ran". */
  report: string;
  /** Why a second confirm or reject did nothing: "act_1 was already rejected by U1; nothing ran". */
  again: string;
  /** How whoever decided is introduced in a list line: "approved by", "rejected by". */
  decider: string;
  /** True when the action never ran and never will; every sentence of such a state says so ("nothing ran", "Not run"). */
  nothingRan: boolean;
}

/** The one table of state wording; the presenter adds markup (bold, emoji, mentions), never other words. */
export const STATE_SENTENCES: Readonly<Record<ActionState, StateSentence>> = {
  proposed: {
    status: 'Waiting for approval until {expires}.',
    report: '{subject} is waiting for approval until {expires}.',
    again: '{subject} is still waiting for approval until {expires}.',
    decider: 'approved by',
    nothingRan: false,
  },
  approved: {
    status: 'Approved[ by {by}][ {when}]; starting…',
    report: '{subject} was approved[ by {by}].',
    again: '{subject} was[ approved by {by} and is] already approved; nothing more was done.',
    decider: 'approved by',
    nothingRan: false,
  },
  running: {
    status: 'Running[; approved by {by}][ {when}].',
    report: '{subject}[ was approved by {by} and] is running.',
    again: '{subject} was[ approved by {by} and is] already running; nothing more was done.',
    decider: 'approved by',
    nothingRan: false,
  },
  succeeded: {
    status: 'Done[; approved by {by}][ {when}].',
    report: '{subject}[ was approved by {by} and] succeeded.',
    again: '{subject}[ was approved by {by} and] has already succeeded; nothing more was done.',
    decider: 'approved by',
    nothingRan: false,
  },
  failed: {
    status: 'Failed[; approved by {by}][ {when}].',
    report: '{subject}[ was approved by {by} but] failed.',
    again: '{subject}[ was approved by {by} and] has already failed; nothing more was done.',
    decider: 'approved by',
    nothingRan: false,
  },
  outcome_unknown: {
    status: 'Outcome unknown[; approved by {by}][ {when}]: opsbot stopped while this ran. Check before acting again.',
    report: '{subject}[ was approved by {by} and] was interrupted while running; its outcome is unknown and it was not retried.',
    again: '{subject}[ was approved by {by} and] was interrupted while running; its outcome is unknown and it was not retried.',
    decider: 'approved by',
    nothingRan: false,
  },
  rejected: {
    status: 'Rejected[ by {by}][ {when}]; nothing ran.',
    report: '{subject} was rejected[ by {by}]; nothing ran.',
    again: '{subject} was already rejected[ by {by}]; nothing ran.',
    decider: 'rejected by',
    nothingRan: true,
  },
  expired: {
    status: 'Expired {expires} without approval; nothing ran.',
    report: '{subject} expired at {expires} without approval; nothing ran. Ask again if it is still wanted.',
    again: '{subject} expired at {expires} without approval; nothing ran. Ask again if it is still wanted.',
    decider: 'approved by',
    nothingRan: true,
  },
  cancelled: {
    status: 'Cancelled[ by {by}][ {when}]; nothing ran.',
    report: '{subject} was cancelled[ by {by}]; nothing ran.',
    again: '{subject} was already cancelled[ by {by}]; nothing ran.',
    decider: 'cancelled by',
    nothingRan: true,
  },
  stale: {
    status: 'Not run: what this card showed changed before[ {by}] approved it[ {when}].',
    report: '{subject} was refused[ when {by} approved it] because what its card showed had changed; nothing ran.[ {result}]',
    again: '{subject} was refused[ when {by} approved it] because what its card showed had changed; nothing ran.[ {result}]',
    decider: 'not run: its facts had changed when approved by',
    nothingRan: true,
  },
};

/** How a front end marks up the values a sentence names (Slack mentions and dates; plain text as is). */
export interface SentenceMarks {
  person?: (userId: string) => string;
  time?: (iso: string) => string;
  /** Text opsbot did not write itself (a result), made safe where it is shown. */
  text?: (text: string) => string;
}

/** Which sentence of a state: its status line, a report of what became of it, or why acting on it again did nothing. */
export type SentenceForm = 'status' | 'report' | 'again';

/** The sentence for `action` in its current state; `subject` names it in a report ("act_1", "Action act_1 (…)"). */
export function stateSentence(action: PendingAction, form: SentenceForm, options: SentenceMarks & { subject?: string } = {}): string {
  const person = options.person ?? ((userId: string) => userId);
  const time = options.time ?? ((iso: string) => iso);
  return fill(STATE_SENTENCES[action.state][form], {
    subject: options.subject ?? action.id,
    by: action.decidedBy ? person(action.decidedBy) : undefined,
    when: action.decidedAt ? time(action.decidedAt) : undefined,
    expires: time(action.expiresAt),
    result: action.result?.text ? (options.text ?? ((text: string) => text))(action.result.text) : undefined,
  });
}

/** Fills `{name}` values; a `[part]` naming a missing value is left out. */
function fill(template: string, values: Record<string, string | undefined>): string {
  const put = (part: string) => part.replace(/\{(\w+)\}/g, (_match, name: string) => values[name] ?? '');
  const kept = template.replace(/\[([^\]]*)\]/g, (_match, part: string) => ([...part.matchAll(/\{(\w+)\}/g)].every(([, name]) => values[name!] !== undefined) ? part : ''));
  return put(kept);
}
