import type { KnownBlock } from '@slack/types';
import type { PendingAction } from '../../actions/pending-action.js';
import { renderSlackContent, slackMrkdwn } from '../slack/block-kit-card.js';
import { outcomeText, renderApprovalCard, statusText } from './approval-card.js';

export { CARD_ACTION_IDS, CARD_BLOCK_IDS } from './approval-card.js';
export { replyTextBesideCards } from './reply-text.js';

/** Block Kit limits the card stays within (https://docs.slack.dev/reference/block-kit/blocks). */
export const SLACK_LIMITS = { sectionText: 3000, fieldText: 2000, fields: 10, buttonText: 75, buttonValue: 2000, contextElements: 10, messageText: 4000 } as const;

/** A message ready for chat.postMessage / chat.update. */
export interface RenderedMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The approval card (src/bot/presenter/approval-card.ts) in Block Kit, for chat.postMessage / chat.update. */
export function renderConfirmationCard(action: PendingAction): RenderedMessage {
  return renderSlackContent(renderApprovalCard(action));
}

/** One line on what became of an action, for the card and for the thread. */
export function statusLine(action: PendingAction): string {
  return slackMrkdwn(statusText(action));
}

/** What the asking thread hears when an approved action starts and when it ends: its name in bold, then what became of it. */
export function outcomeLine(action: PendingAction): string {
  return slackMrkdwn(outcomeText(action));
}
