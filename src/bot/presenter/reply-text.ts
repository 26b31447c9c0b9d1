import type { Reply } from '../../agent/responder.js';

/** A reply's text in a chat, where each proposed action gets its card right after it. */
export function replyTextBesideCards(reply: Pick<Reply, 'text' | 'actions'>): string {
  const text = reply.text.trim();
  if (text) return text;
  return reply.actions.length ? `This needs a confirmation first; see the card${reply.actions.length > 1 ? 's' : ''} below.` : 'Done.';
}
