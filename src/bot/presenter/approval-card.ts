import type { ActionState } from '../../actions/action-state.js';
import type { PendingAction } from '../../actions/pending-action.js';
import { previewFacts } from '../../actions/preview-facts.js';
import { type SentenceForm, stateSentence } from '../../actions/state-sentences.js';
import type { Card, CardField, CardSection, Icon, RichText } from '../conversation/card.js';
import { outsideSpans, peopleSpans, SpanTokens } from './rich-spans.js';

/** Button action ids; every platform's click handling matches on these. */
export const CARD_ACTION_IDS = { approve: 'opsbot_approve', reject: 'opsbot_reject' } as const;

/** Section ids of the approval card, stable so tests and later edits can find each part (Slack's block ids). */
export const CARD_BLOCK_IDS = { title: 'opsbot_card_title', details: 'opsbot_card_details', people: 'opsbot_card_people', buttons: 'opsbot_card_buttons', status: 'opsbot_card_status', result: 'opsbot_card_result' } as const;

/** The icon each state's line starts with; the words come from STATE_SENTENCES. */
const STATE_ICONS: Readonly<Record<ActionState, Icon>> = {
  proposed: 'approval',
  approved: 'ok',
  running: 'running',
  succeeded: 'ok',
  failed: 'error',
  outcome_unknown: 'warning',
  rejected: 'rejected',
  cancelled: 'undo',
  expired: 'expired',
  stale: 'warning',
};

/**
 * The approval card of a pending action, described once for every platform: what will happen with the exact
 * stored arguments, who asked, who may approve and why, when it expires, and Approve / Reject buttons whose value
 * is only the action id — the arguments are always read back from the store (DESIGN §3). Once decided, the
 * buttons give way to the outcome.
 */
export function renderApprovalCard(action: PendingAction): Card {
  const open = action.state === 'proposed';
  const sections: CardSection[] = [
    { id: CARD_BLOCK_IDS.title, text: open ? [{ icon: 'approval' }, ' ', { bold: ['Approval needed:'] }, ' ', action.summary] : [{ bold: ['Approval request:'] }, ' ', action.summary] },
    detailsSection(action),
  ];
  if (!open) {
    sections.push({ id: CARD_BLOCK_IDS.status, text: statusText(action) });
    if (action.result?.text) sections.push({ id: CARD_BLOCK_IDS.result, text: outsideSpans(action.result.text) });
  }
  return {
    fallback: `${open ? 'Approval needed' : `Request ${action.state}`}: ${action.summary} (${action.id})`,
    tone: open ? 'warning' : toneOf(action.state),
    sections,
    context: ['Requested by ', { person: action.requester }, ' · Approver: ', ...peopleSpans(action.approval.summary), ` · ${open ? 'Expires' : 'Expiry'} `, { time: action.expiresAt }, ' · ', { code: action.id }],
    contextId: CARD_BLOCK_IDS.people,
    ...(open
      ? {
          buttons: [
            { actionId: CARD_ACTION_IDS.approve, label: 'Approve', value: action.id, style: 'primary' as const },
            { actionId: CARD_ACTION_IDS.reject, label: 'Reject', value: action.id, style: 'danger' as const },
          ],
        }
      : {}),
  };
}

/** One line on what became of an action, for the card. */
export function statusText(action: PendingAction): RichText {
  return [{ icon: STATE_ICONS[action.state] }, ' ', ...sentence(action, 'status')];
}

/** What the asking thread hears when an approved action starts and when it ends: its name in bold, then what became of it. */
export function outcomeText(action: PendingAction): RichText {
  const result = action.result?.text && action.state !== 'stale' ? ['\n', ...outsideSpans(action.result.text)] : [];
  return [{ icon: STATE_ICONS[action.state] }, ' ', ...sentence(action, 'report', [{ bold: [action.summary] }]), ...result];
}

/** A state sentence with people as mentions, times in the reader's zone, and the result as outside text. */
function sentence(action: PendingAction, form: SentenceForm, subject?: RichText): RichText {
  const tokens = new SpanTokens();
  const filled = stateSentence(action, form, {
    person: (person) => tokens.token([{ person }]),
    time: (time) => tokens.token([{ time }]),
    text: (text) => tokens.token(outsideSpans(text)),
    ...(subject ? { subject: tokens.token(subject) } : {}),
  });
  return tokens.spans(filled);
}

function detailsSection(action: PendingAction): CardSection {
  const fields: CardField[] = Object.entries(action.args).map(([key, value]) => ({ label: label(key), value: valueSpans(value) }));
  const tokens = new SpanTokens();
  for (const fact of previewFacts(action.preview, (value) => tokens.token(valueSpans(value)))) fields.push({ label: label(fact.name), value: tokens.spans(fact.value) });
  if (fields.length === 0) return { id: CARD_BLOCK_IDS.details, text: [{ italic: ['no arguments'] }] };
  return { id: CARD_BLOCK_IDS.details, fields };
}

function label(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Identifiers and versions as code, so they read exactly; free text as literal text. */
function valueSpans(value: unknown): RichText {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[\w.:/@+-]+$/.test(text) ? [{ code: text }] : [text];
}

function toneOf(state: ActionState): Card['tone'] {
  if (state === 'succeeded' || state === 'approved' || state === 'running') return 'good';
  if (state === 'failed' || state === 'outcome_unknown' || state === 'stale') return 'danger';
  return 'neutral';
}
