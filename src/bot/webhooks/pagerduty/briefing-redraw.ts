import type { KvRepository } from '../../../store/kv-repository.js';
import type { OutboxMessage, OutboxRepository } from '../../../store/outbox-repository.js';
import { redrawBriefedPage } from '../../../workflows/briefing-record.js';
import type { ChatContent } from '../../conversation/card.js';
import { parseChannelRef } from '../../conversation/platforms.js';
import { workflowSpans } from '../../conversation/workflow-text.js';
import type { PagerDutyEvent } from './events.js';

/** Outbox card key of an incident's briefing, once something other than its workflow edits it. */
function briefingKeyOf(incidentId: string): string {
  return `briefing:${incidentId}`;
}

/**
 * When the PagerDuty incident an acknowledgement or resolution is about is the page a declared incident's briefing
 * shows, the briefing is redrawn in place to say so (and by whom): an edit through the outbox, so it is retried and
 * sent by whichever process can post there. Nothing for any other PagerDuty incident.
 */
export async function briefingRedraws(deps: { kv: KvRepository; outbox: Pick<OutboxRepository, 'adopt'> }, event: PagerDutyEvent): Promise<Array<OutboxMessage<ChatContent | { text: string }>>> {
  const state = event.type === 'incident.acknowledged' ? 'acknowledged' : event.type === 'incident.resolved' ? 'resolved' : undefined;
  if (!state) return [];
  const redrawn = await redrawBriefedPage(deps.kv, event.incident.id, { state, ...(event.agent ? { by: event.agent.name } : {}), at: event.occurredAt }, new Date());
  // Still being drawn: the workflow's next redraw reads the response just stored; an edit of the parts as saved
  // now could land after its last one and bring back "gathering…".
  if (!redrawn || redrawn.drawing) return [];
  const cardKey = briefingKeyOf(redrawn.incident);
  const { platform, channel } = parseChannelRef(redrawn.posted.conversation);
  await deps.outbox.adopt(cardKey, 'incident-briefing', redrawn.posted.conversation, { channel, ts: redrawn.posted.ts });
  // As its workflow draws it: Slack's poster sends the text as it is, other platforms get its marks as rich text.
  const content = platform === 'slack' ? { text: redrawn.message.text } : { text: workflowSpans(redrawn.message.text) };
  return [{ cardKey, purpose: 'incident-briefing', channel: '', content }];
}
