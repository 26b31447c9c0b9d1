/** Approval cards are platform-neutral now (src/bot/conversation/approval-cards.ts); Slack runs them over its port. */
export { ApprovalCards } from '../conversation/approval-cards.js';
