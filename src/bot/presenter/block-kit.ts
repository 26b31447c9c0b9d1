import type { ContextBlock, KnownBlock, MrkdwnElement, SectionBlock } from '@slack/types';
import type { ActionState } from '../../actions/action-state.js';
import type { PendingAction } from '../../actions/pending-action.js';
import { previewFacts } from '../../actions/preview-facts.js';
import { type SentenceMarks, stateSentence } from '../../actions/state-sentences.js';
import type { Reply } from '../../agent/responder.js';
import { escapeMrkdwn, mentionUserIds, outsideText, slackDate, truncate } from '../slack/mrkdwn.js';

/** Button action ids; the listeners for clicks match on these. */
export const CARD_ACTION_IDS = { approve: 'opsbot_approve', reject: 'opsbot_reject' } as const;

/** Block ids of a card, stable so tests and later edits can find each part. */
export const CARD_BLOCK_IDS = { title: 'opsbot_card_title', details: 'opsbot_card_details', people: 'opsbot_card_people', buttons: 'opsbot_card_buttons', status: 'opsbot_card_status', result: 'opsbot_card_result' } as const;

/** Block Kit limits the card stays within (https://docs.slack.dev/reference/block-kit/blocks). */
export const SLACK_LIMITS = { sectionText: 3000, fieldText: 2000, fields: 10, buttonText: 75, buttonValue: 2000, contextElements: 10, messageText: 4000 } as const;

/** A message ready for chat.postMessage / chat.update. */
export interface RenderedMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * The confirmation card of a pending action: what will happen with the exact stored arguments, who asked, who
 * may approve and why, when it expires, and Approve / Reject buttons whose value is only the action id — the
 * arguments are always read back from the store (DESIGN §3). Once decided, the buttons give way to the outcome.
 */
export function renderConfirmationCard(action: PendingAction): RenderedMessage {
  const open = action.state === 'proposed';
  const headline = open ? ':raised_hand: *Approval needed:*' : '*Approval request:*';
  const blocks: KnownBlock[] = [
    section(CARD_BLOCK_IDS.title, `${headline} ${escapeMrkdwn(action.summary)}`),
    detailsBlock(action),
    context(CARD_BLOCK_IDS.people, [
      `Requested by <@${action.requester}>`,
      `Approver: ${mentionUserIds(escapeMrkdwn(action.approval.summary))}`,
      `${open ? 'Expires' : 'Expiry'} ${slackDate(action.expiresAt)}`,
      `\`${action.id}\``,
    ]),
  ];
  if (open) {
    blocks.push({
      type: 'actions',
      block_id: CARD_BLOCK_IDS.buttons,
      elements: [
        { type: 'button', action_id: CARD_ACTION_IDS.approve, text: { type: 'plain_text', text: 'Approve' }, style: 'primary', value: action.id },
        { type: 'button', action_id: CARD_ACTION_IDS.reject, text: { type: 'plain_text', text: 'Reject' }, style: 'danger', value: action.id },
      ],
    });
  } else {
    blocks.push(section(CARD_BLOCK_IDS.status, statusLine(action)));
    if (action.result?.text) blocks.push(section(CARD_BLOCK_IDS.result, outsideText(action.result.text)));
  }
  // The fallback is what notifications and some clients show: it is escaped like every block.
  const text = truncate(`${open ? 'Approval needed' : `Request ${action.state}`}: ${escapeMrkdwn(action.summary)} (${action.id})`, SLACK_LIMITS.messageText);
  return { text, blocks };
}

/** A reply's text in Slack, where each proposed action gets its Block Kit card right after it. */
export function replyTextBesideCards(reply: Pick<Reply, 'text' | 'actions'>): string {
  const text = reply.text.trim();
  if (text) return text;
  return reply.actions.length ? `This needs a confirmation first; see the card${reply.actions.length > 1 ? 's' : ''} below.` : 'Done.';
}

/** The emoji each state's line starts with: Block Kit's markup; the words come from STATE_SENTENCES. */
const STATE_EMOJI: Readonly<Record<ActionState, string>> = {
  proposed: ':raised_hand:',
  approved: ':white_check_mark:',
  running: ':hourglass_flowing_sand:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
  outcome_unknown: ':warning:',
  rejected: ':no_entry_sign:',
  cancelled: ':leftwards_arrow_with_hook:',
  expired: ':alarm_clock:',
  stale: ':warning:',
};

/** Mentions, Slack dates and escaped outside text: how a sentence names people and times in Block Kit. */
const SLACK_MARKS: SentenceMarks = { person: (userId) => `<@${userId}>`, time: slackDate, text: outsideText };

/** One line on what became of an action, for the card and for the thread. */
export function statusLine(action: PendingAction): string {
  return `${STATE_EMOJI[action.state]} ${stateSentence(action, 'status', SLACK_MARKS)}`;
}

/** What the asking thread hears when an approved action starts and when it ends: its name in bold, then what became of it. */
export function outcomeLine(action: PendingAction): string {
  const result = action.result?.text && action.state !== 'stale' ? `\n${outsideText(action.result.text)}` : '';
  return `${STATE_EMOJI[action.state]} ${stateSentence(action, 'report', { ...SLACK_MARKS, subject: `*${escapeMrkdwn(action.summary)}*` })}${result}`;
}

function detailsBlock(action: PendingAction): SectionBlock {
  const facts: Array<[string, string]> = Object.entries(action.args).map(([key, value]) => [label(key), formatValue(value)]);
  for (const fact of previewFacts(action.preview, formatValue)) facts.push([label(fact.name), fact.value]);
  if (facts.length === 0) return section(CARD_BLOCK_IDS.details, '_no arguments_');
  if (facts.length > SLACK_LIMITS.fields) return section(CARD_BLOCK_IDS.details, facts.map(([name, value]) => `*${name}:* ${value}`).join('\n'));
  return {
    type: 'section',
    block_id: CARD_BLOCK_IDS.details,
    fields: facts.map(([name, value]): MrkdwnElement => ({ type: 'mrkdwn', text: truncate(`*${name}*\n${value}`, SLACK_LIMITS.fieldText) })),
  };
}

function section(blockId: string, text: string): SectionBlock {
  return { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) } };
}

function context(blockId: string, parts: string[]): ContextBlock {
  return { type: 'context', block_id: blockId, elements: [{ type: 'mrkdwn', text: truncate(parts.join(' · '), SLACK_LIMITS.sectionText) }] };
}

function label(key: string): string {
  const words = key.replace(/_/g, ' ');
  return escapeMrkdwn(words.charAt(0).toUpperCase() + words.slice(1));
}

/** Identifiers and versions as code, so they read exactly; free text escaped so it cannot mention or link. */
function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[\w.:/@+-]+$/.test(text) ? `\`${text}\`` : escapeMrkdwn(text);
}
