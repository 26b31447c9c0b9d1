import type { Reply } from '../../agent/responder.js';

/**
 * The reply's text as Slack shows it. A responder that proposed actions also describes them as text cards
 * (for the shell); in Slack each gets a Block Kit card right after, so those text cards are left out.
 */
export function slackReplyText(reply: Reply): string {
  let lines = reply.text.split('\n');
  for (const action of reply.actions) {
    const start = lines.findIndex((line) => line.startsWith(`Needs confirmation: ${action.summary}`));
    const end = lines.findIndex((line, index) => index >= start && line.includes(`[confirm ${action.id} `));
    if (start >= 0 && end >= start) lines = [...lines.slice(0, start), ...lines.slice(end + 1)];
  }
  const text = lines.join('\n').trim();
  if (text) return text;
  return reply.actions.length ? `This needs a confirmation first; see the card${reply.actions.length > 1 ? 's' : ''} below.` : 'Done.';
}
